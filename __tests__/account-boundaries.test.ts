import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * A stack applies in one account. A literal ARN of another account, or a log group named by a string
 * instead of a resource of the stack, is an object this stack cannot see (PutMetricFilter on another
 * account's log group fails with ResourceNotFoundException) unless the configuration names it on purpose.
 */
let outdir: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "accounts-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});

/** Every string in a value, with its path. */
function strings(value: unknown, at: string): [string, string][] {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => (k === "//" ? [] : strings(v, `${at}.${k}`)));
  return [];
}

describe("every stack stays in its environment's account", () => {
  it.each(resolveEnvironments(exampleEnvironments).map((e) => [e.name, e.accountId] as const))(
    "%s: no literal ARN of another account, and no log group named by a string",
    (env, accountId) => {
      for (const stack of [`secrets-${env}`, `external-secrets-operator-${env}`, `external-secrets-sync-${env}`]) {
        const json = JSON.parse(
          readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"),
        ) as TerraformJson;
        const foreign = strings({ resource: json.resource, data: json.data, output: json.output }, stack).filter(
          ([, value]) => [...value.matchAll(/arn:aws[\w-]*:[\w-]*:[\w-]*:(\d{12}):/g)].some((m) => m[1] !== accountId),
        );
        expect(foreign, stack).toEqual([]);
        for (const filter of Object.values(blocks(json, "resource", "aws_cloudwatch_log_metric_filter"))) {
          expect(filter.log_group_name, stack).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.name\}$/);
        }
      }
    },
  );
});
