import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fillDocRegions, GENERATED_DOCUMENTS, renderDocRegions } from "../tooling/doc-regions";
import { renderSecretTable } from "../tooling/docs-tables";
import { OPERATOR_PLACEHOLDER } from "../catalog/secret-catalog";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";

const readme = readFileSync(path.resolve(__dirname, "..", "infrastructure", "README.md"), "utf8");
const environments = resolveEnvironments(exampleEnvironments);

describe("infrastructure/README.md", () => {
  it("has the tables the catalog generates (run `npm run docs` when this fails)", () => {
    expect(readme).toBe(
      fillDocRegions(readme, renderDocRegions(environments), GENERATED_DOCUMENTS["infrastructure/README.md"]),
    );
  });

  it("lists every secret of every example environment, with the environments of the e-mail secrets", () => {
    for (const environment of environments) {
      for (const { name } of environment.catalog) expect(readme).toContain(`\`${name}\``);
    }
    expect(readme).toContain("`qualisys/email/sendgrid` (dev, staging)");
    expect(readme).toContain("`qualisys/email/postmark` (production)");
  });

  it("says how to replace a placeholder, with the exact command", () => {
    expect(readme).toContain(OPERATOR_PLACEHOLDER);
    expect(readme).toMatch(
      /aws secretsmanager put-secret-value \\\n\s+--secret-id qualisys\/llm\/openai \\\n\s+--secret-string file:\/\/\/tmp\/secret-value\.json/,
    );
  });
});

describe("renderSecretTable", () => {
  it("follows the catalog: a changed catalog changes the table", () => {
    const [dev] = environments;
    const extended = { ...dev!, catalog: [...dev!.catalog, { ...dev!.catalog[3]!, name: "qualisys/llm/mistral" }] };
    expect(renderSecretTable([dev!])).not.toContain("qualisys/llm/mistral");
    expect(renderSecretTable([extended])).toContain(
      "| `qualisys/llm/mistral` | `api_key` | llm | `secrets-read-llm` | AI agent pods |",
    );
  });
});

describe("fillDocRegions", () => {
  it("replaces only the marked regions and fails loudly on a missing marker", () => {
    const doc = "intro\n<!-- generated:a -->\nold\n<!-- /generated:a -->\noutro";
    expect(fillDocRegions(doc, { a: "new" })).toBe("intro\n<!-- generated:a -->\nnew\n<!-- /generated:a -->\noutro");
    expect(() => fillDocRegions(doc, { b: "x" })).toThrow("the document has no region <!-- generated:b -->");
  });
});

describe("the runbooks", () => {
  const runbooks = path.resolve(__dirname, "..", "infrastructure", "runbooks");
  const read = (name: string) => readFileSync(path.join(runbooks, name), "utf8");

  it("hold the rotation schedule the catalog generates, with a responsible party for every secret", () => {
    const schedule = read("rotation-schedule.md");
    expect(schedule).toBe(
      fillDocRegions(
        schedule,
        renderDocRegions(environments),
        GENERATED_DOCUMENTS["infrastructure/runbooks/rotation-schedule.md"],
      ),
    );
    for (const environment of environments) {
      for (const definition of environment.catalog) {
        const row = schedule.split("\n").find((line) => line.startsWith(`| \`${definition.name}\``));
        expect(row?.endsWith(`| ${definition.responsible} |`), definition.name).toBe(true);
      }
    }
  });

  it.each([
    ["scheduled-rotation.md", [/describe-secret/, /aws logs tail/]],
    ["manual-rotation.md", [/aws secretsmanager rotate-secret --secret-id qualisys\/database\/connection/]],
    ["emergency-rotation.md", [/rotate-secret/, /force-sync/, /rollout restart/, /cloudtrail lookup-events/]],
    ["failed-rotation.md", [/filter-log-events/, /--remove-from-version-id/, /AWSPENDING/]],
  ])("%s gives the commands an on-call engineer needs", (name, patterns) => {
    const text = read(name);
    for (const pattern of patterns) expect(text).toMatch(pattern);
  });

  it("state what clients see during a rotation, as the downtime test and the bench measure it, and each rotated secret's refresh", () => {
    const scheduled = read("scheduled-rotation.md");
    expect(scheduled).toBe(
      fillDocRegions(
        scheduled,
        renderDocRegions(environments),
        GENERATED_DOCUMENTS["infrastructure/runbooks/scheduled-rotation.md"],
      ),
    );
    expect(scheduled).toMatch(
      /\*\*alternating-users\*\* \(every example environment[^|]*\) \| \*\*0 failed logins\*\*/,
    );
    // dev drills what production runs: alternating users, refreshed at the environment's interval.
    expect(scheduled).toContain(
      "| dev | alternating-users | `qualisys/database/connection` in `qualisys-api` | 1h | alternating users:",
    );
    expect(scheduled).toMatch(/secret\.reloader\.stakater\.com\/reload/);
    expect(scheduled).toMatch(/## After a database restore/);
    expect(environments.every((e) => e.rotation?.strategy === "alternating-users")).toBe(true);
  });

  it("link to pages that exist", () => {
    for (const name of [
      "README.md",
      "scheduled-rotation.md",
      "manual-rotation.md",
      "emergency-rotation.md",
      "failed-rotation.md",
      "rotation-schedule.md",
    ]) {
      for (const [, target] of read(name).matchAll(/\]\(([\w./-]+\.md)(#[\w-]+)?\)/g)) {
        expect(() => readFileSync(path.resolve(runbooks, target!)), `${name} links ${target}`).not.toThrow();
      }
    }
  });
});

describe("the deploy guide (infrastructure/deploy-guide.md)", () => {
  const guide = readFileSync(path.resolve(__dirname, "..", "infrastructure", "deploy-guide.md"), "utf8");

  it("has the checklists the configuration generates (run `npm run docs` when this fails), and the runbooks name the break-glass principals", () => {
    expect(guide).toBe(
      fillDocRegions(guide, renderDocRegions(environments), GENERATED_DOCUMENTS["infrastructure/deploy-guide.md"]),
    );
    const runbooks = readFileSync(path.resolve(__dirname, "..", "infrastructure", "runbooks", "README.md"), "utf8");
    expect(runbooks).toBe(
      fillDocRegions(
        runbooks,
        renderDocRegions(environments),
        GENERATED_DOCUMENTS["infrastructure/runbooks/README.md"],
      ),
    );
  });

  it("names every principal, OIDC provider and state backend the environments need before the first apply", () => {
    for (const environment of environments) {
      const start = guide.indexOf(`### ${environment.name} `);
      const end = guide.indexOf("\n### ", start + 1);
      const section = guide.slice(start, end < 0 ? undefined : end);
      for (const principal of [...environment.access.terraformPrincipals, ...environment.access.breakGlassPrincipals])
        expect(section, environment.name).toContain(principal.arnPattern);
      expect(section).toContain(`oidc-provider/${environment.access.eksOidcIssuer}`);
      if (environment.backend.type === "s3") expect(section).toContain(environment.backend.bucket);
      if (environment.backend.type === "cloud") expect(section).toContain(`qualisys-secrets-${environment.name}`);
      expect(section).toContain("database user");
    }
    expect(guide).toContain("token.actions.githubusercontent.com"); // staging's and production's pipelines
    expect(guide).toMatch(/state holds secret values/);
    expect(guide).toMatch(/envelope encryption/);
    expect(readme).toContain("](deploy-guide.md)");
  });

  it("states the order of the stacks", () => {
    const order = ["`secrets-<env>`", "`external-secrets-operator-<env>`", "`external-secrets-sync-<env>`"].map((s) =>
      guide.indexOf(s),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
