import { beforeAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import path from "node:path";
import { parse } from "yaml";
import { renderApiCostTable } from "../tooling/docs-tables";
import { diffFiles, filesUnder, GITOPS_DIR, renderGitOpsFiles } from "../tooling/gitops-export";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { loadEsoModels } from "../kubernetes/eso-validation";
import { ExternalSecretsSyncStack } from "../stacks/external-secrets-sync-stack";

const root = path.resolve(__dirname, "..");
const environments = resolveEnvironments(exampleEnvironments);
beforeAll(loadEsoModels); // the sync stack validates its manifests with ESO's models

describe("the GitOps copy in infrastructure/kubernetes/external-secrets", () => {
  it("is what the code produces (run `npm run export:kubernetes` when this fails)", () => {
    expect(diffFiles(renderGitOpsFiles(environments), filesUnder(root, GITOPS_DIR))).toEqual([]);
  });

  it("holds the same objects the sync stacks synthesize", () => {
    const files = renderGitOpsFiles(environments);
    for (const environment of environments) {
      const stack = new ExternalSecretsSyncStack(Testing.app(), `external-secrets-sync-${environment.name}`, {
        environment,
      });
      const fromFiles = [...files]
        .filter(([file]) => file.startsWith(path.join(GITOPS_DIR, environment.name)) && !file.endsWith("values.yaml"))
        .map(([, content]) => parse(content) as unknown);
      expect(fromFiles).toHaveLength(stack.manifests.length);
      expect(fromFiles).toEqual(expect.arrayContaining(stack.manifests as unknown[]));
      expect(parse(files.get(path.join(GITOPS_DIR, environment.name, "values.yaml"))!)).toEqual(
        environment.kubernetes!.values,
      );
    }
  });

  it("reports what differs: missing, changed and extra files", () => {
    const expected = new Map([
      ["a.yaml", "1"],
      ["b.yaml", "2"],
    ]);
    const actual = new Map([
      ["b.yaml", "3"],
      ["c.yaml", "4"],
    ]);
    expect(diffFiles(expected, actual)).toEqual([
      "changed: b.yaml",
      "missing: a.yaml",
      "not generated (remove it): c.yaml",
    ]);
  });
});

describe("the API cost note", () => {
  it("counts one GetSecretValue per refresh per ExternalSecret, each at its own interval, and $0.40 per secret", () => {
    const [dev] = environments;
    // dev as configured (alternating users): 8 ExternalSecrets (the story's 7 and the sync canary), all
    // hourly: 8 x 720 = 5,760 calls x $0.05 / 10,000 = $0.0288; 8 secrets x $0.40 = $3.20.
    expect(renderApiCostTable([dev!])).toContain("| dev | 8 | 1h | 5,760 | $0.03 | 8 | $3.20 | $3.23 |");
    // The same with a single user: 7 hourly (7 x 720 = 5,040 calls) and the rotated database secret every
    // minute (43,200): 48,240 calls x $0.05 / 10,000 = $0.2412.
    const config = exampleEnvironments[0]!;
    const [singleUser] = resolveEnvironments([
      { ...config, rotation: { ...config.rotation!, strategy: "single-user", masterSecretArn: undefined } },
    ]);
    expect(renderApiCostTable([singleUser!])).toContain("| dev | 8 | 1m, 1h | 48,240 | $0.24 | 8 | $3.20 | $3.44 |");
    const [faster] = resolveEnvironments([
      { ...exampleEnvironments[0]!, kubernetes: { ...exampleEnvironments[0]!.kubernetes!, refreshInterval: "1m" } },
    ]);
    // every one every minute: 8 x 43,200 = 345,600 calls = $1.728
    expect(renderApiCostTable([faster!])).toContain("| dev | 8 | 1m | 345,600 | $1.73 |");
  });
});
