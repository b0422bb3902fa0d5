import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import type { TerraformJson } from "./helpers/stacks";
import { terraformTooling } from "./helpers/terraform";

/**
 * The initial secret values (the database user's first password, the Redis auth token) are needed by
 * the first apply only: the versions ignore their value afterwards. So the variables are optional, and a
 * later plan without them (the live Redis token no longer in CI's or HCP Terraform's variables) leaves
 * the secrets as they are. Unseeded, the value holds the operator placeholder, which verify reports.
 */
let outdir: string;
const stack = (name: string) =>
  JSON.parse(readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson & {
    variable: Record<string, { default?: unknown; nullable?: boolean; sensitive?: boolean }>;
  };
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "initial-values-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});

describe("initial secret values", () => {
  it.each(["secrets-dev", "secrets-production"])(
    "%s: only the two initial secret values are optional; every upstream value stays required",
    (name) => {
      const variables = stack(name).variable;
      const optional = Object.keys(variables).filter((v) => "default" in variables[v]!);
      expect(optional.sort()).toEqual(["database_password", "redis_auth_token"]);
      for (const v of optional) expect(variables[v]).toMatchObject({ default: null, nullable: true, sensitive: true });
    },
  );

  it("evaluate, in Terraform, to the given value when seeded and to the operator placeholder when not", () => {
    // The database secret's value expression of dev (not write-only), with the stack's own variable
    // declarations (validations included), evaluated by `terraform console`.
    const json = stack("secrets-dev");
    const version = (json.resource as Record<string, Record<string, Record<string, unknown>>>)
      .aws_secretsmanager_secret_version!.database_connection!;
    const dir = mkdtempSync(path.join(os.tmpdir(), "initial-values-console-"));
    writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({ variable: json.variable, locals: { value: version.secret_string } }),
    );
    const { bin, env } = terraformTooling();
    const upstream = ["database_host=db.internal", "database_name=app", "database_port=5432", "database_username=app"]
      .concat(["redis_port=6379", "redis_primary_endpoint=r.internal", "redis_reader_endpoint=rr.internal"])
      .flatMap((v) => ["-var", v]);
    const password = (extra: string[]) =>
      execFileSync(bin, ["console", "-input=false", ...upstream, ...extra], {
        cwd: dir,
        env,
        input: "nonsensitive(jsondecode(local.value).password)\n",
        encoding: "utf8",
        stdio: ["pipe", "pipe", "pipe"],
      }).trim();
    expect(password([])).toBe('"SET_ME_WITH_put-secret-value"');
    expect(password(["-var", "database_password=first-password"])).toBe('"first-password"');
    // Given, it is still checked.
    expect(() => password(["-var", "database_password= "])).toThrow(/database_password must not be empty/);
  });
});
