import { readFileSync } from "node:fs";
import path from "node:path";
import type { TerraformJson } from "./stacks";

/**
 * An environment's secrets stacks (its own and its teams') as one Terraform JSON, for evaluating the
 * policies of an account that holds them all. A team stack finds the secrets key by its alias with the
 * `aws_kms_key` data source, whose `arn` is the aliased key's ARN
 * (see: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_key), so its
 * references become references to the environment stack's key. Two blocks of one address would be a
 * collision in the account as well: it throws.
 */
export function mergedSecretsStacks(outdir: string, stacks: readonly string[]): TerraformJson {
  const jsons = stacks.map(
    (stack) => JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson,
  );
  const main = jsons[0]!;
  const keyName = Object.keys(main.resource?.aws_kms_key ?? {}).find((n) => n.startsWith("secrets-key"))!;
  const merged: TerraformJson = {};
  for (const [i, json] of jsons.entries()) {
    const text =
      i === 0
        ? JSON.stringify(json)
        : JSON.stringify(json).replaceAll("${data.aws_kms_key.secrets-key.arn}", `\${aws_kms_key.${keyName}.arn}`);
    const stack = JSON.parse(text) as TerraformJson;
    for (const section of ["resource", "data"]) {
      for (const [type, byName] of Object.entries(stack[section] ?? {})) {
        if (section === "data" && type === "aws_kms_key") continue;
        const into = ((merged[section] ??= {})[type] ??= {});
        for (const [name, block] of Object.entries(byName)) {
          if (name in into) throw new Error(`${stacks[i]}: ${section}.${type}.${name} is in two stacks`);
          into[name] = block;
        }
      }
    }
  }
  return merged;
}
