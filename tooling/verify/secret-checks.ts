/**
 * AC1–AC7: the catalog's secrets as Secrets Manager has them. ListSecrets and DescribeSecret
 * give names, keys, versions and rotation; GetSecretValue gives the value, which is summarized on the spot
 * (secret-values.ts) and never kept.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
 */
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { categoryOf, type SecretCategory } from "../../catalog/secret-catalog";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { DEFAULT_SECRETS_KEY_ALIAS } from "../../constructs/secrets-kms-key";
import { failedCall, type AwsClients } from "./aws-clients";
import { rowOf, type CheckRow, type Finding } from "./report";
import type { SecretInventory, SecretState } from "./secret-inventory";
import { valueFindings } from "./secret-values";

export { readSecrets, type SecretInventory, type SecretState } from "./secret-inventory";

/** The story's criteria on secret values, by the categories they cover. */
export const VALUE_CRITERIA: readonly {
  readonly id: string;
  readonly title: string;
  readonly categories: readonly SecretCategory[];
}[] = [
  { id: "AC2", title: "Database credentials stored with the catalog's fields", categories: ["database"] },
  { id: "AC3", title: "Redis endpoints and AUTH token stored", categories: ["redis"] },
  { id: "AC4", title: "JWT signing key stored, at least 256 bits", categories: ["jwt"] },
  { id: "AC5", title: "LLM provider API keys stored", categories: ["llm"] },
  { id: "AC6", title: "OAuth client credentials stored", categories: ["oauth"] },
  { id: "AC7", title: "E-mail and integration credentials stored", categories: ["email", "integrations"] },
];

/** AC1: every catalog secret is listed (not scheduled for deletion) and encrypted with the environment's key. */
export async function encryptionRow(
  environment: ResolvedEnvironment,
  inventory: SecretInventory,
  aws: AwsClients,
): Promise<CheckRow> {
  const { states, stray } = inventory;
  const title = "Every catalog secret exists, encrypted with the environment's customer-managed KMS key";
  const findings: Finding[] = [];
  const key = await environmentKey(aws, findings);
  for (const state of states) findings.push(secretKeyFinding(environment, state, key));
  if (stray.length > 0)
    findings.push({
      outcome: "PASS",
      evidence: `also under qualisys/ but not in the catalog (left alone): ${stray.join(", ")}`,
    });
  return rowOf("AC1", title, findings);
}

/** The findings of one secret's value, or what DescribeSecret shows when the caller may not read it. */
function secretValueFindings(state: SecretState, caller: string): Finding[] {
  const name = state.definition.name;
  if (!state.listed || state.listed.DeletedDate)
    return [{ outcome: "FAIL", evidence: `${name}: no such secret (see AC1)` }];
  if (state.value) return valueFindings(state.definition, state.value);
  const error = state.valueError!;
  const current = Object.entries(state.described?.VersionIdsToStages ?? {}).find(([, stages]) =>
    stages.includes("AWSCURRENT"),
  );
  const shown = state.described
    ? current
      ? `DescribeSecret shows a current version (${current[0]}), last changed ${state.described.LastChangedDate?.toISOString() ?? "at an unknown time"}`
      : "DescribeSecret shows no version labelled AWSCURRENT"
    : `DescribeSecret failed too (${state.describeError})`;
  if (state.described && !current) return [{ outcome: "FAIL", evidence: `${name}: ${shown}` }];
  if (error.denied)
    return [
      {
        outcome: "NOT CHECKED",
        evidence: `${name}: ${caller} is not a reader (${error.message}); ${shown}; fields not checked`,
      },
    ];
  return [{ outcome: "NOT CHECKED", evidence: `${name}: GetSecretValue failed (${error.message}); ${shown}` }];
}

/** AC2–AC7: each secret's current value has exactly the catalog's fields, set, and long enough where generated. */
export function valueRows(states: readonly SecretState[], caller: string): CheckRow[] {
  return VALUE_CRITERIA.map((criterion) => {
    const covered = states.filter((s) =>
      (criterion.categories as readonly string[]).includes(categoryOf(s.definition.name)),
    );
    return rowOf(
      criterion.id,
      criterion.title,
      covered.flatMap((s) => secretValueFindings(s, caller)),
    );
  });
}

/** The environment's key by its alias: enabled and customer managed (a finding says so), or `undefined`. */
async function environmentKey(aws: AwsClients, findings: Finding[]): Promise<{ arn: string; id: string } | undefined> {
  let key: { arn: string; id: string } | undefined;
  try {
    const answer = await aws.kms.send(new DescribeKeyCommand({ KeyId: DEFAULT_SECRETS_KEY_ALIAS }));
    key = { arn: answer.KeyMetadata!.Arn!, id: answer.KeyMetadata!.KeyId! };
    if (answer.KeyMetadata?.KeyState !== "Enabled")
      findings.push({
        outcome: "FAIL",
        evidence: `${DEFAULT_SECRETS_KEY_ALIAS} (${key.arn}) is ${answer.KeyMetadata?.KeyState}: nothing it encrypts can be read`,
      });
    else
      findings.push({
        outcome: "PASS",
        evidence: `${DEFAULT_SECRETS_KEY_ALIAS} is ${key.arn}, enabled, ${answer.KeyMetadata?.KeyManager === "CUSTOMER" ? "customer managed" : `managed by ${answer.KeyMetadata?.KeyManager}`}`,
      });
  } catch (error) {
    findings.push(failedCall(error, `the key ${DEFAULT_SECRETS_KEY_ALIAS}`));
  }
  return key;
}

/** One secret: listed, not scheduled for deletion, and encrypted with the environment's key. */
function secretKeyFinding(
  environment: ResolvedEnvironment,
  state: SecretState,
  key: { arn: string; id: string } | undefined,
): Finding {
  const aliasArn = `arn:${environment.partition}:kms:${environment.region}:${environment.accountId}:${DEFAULT_SECRETS_KEY_ALIAS}`;
  const name = state.definition.name;
  const entry = state.listed;
  if (!entry)
    return {
      outcome: "FAIL",
      evidence: `${name}: not found (deleted, never applied, or in another account or region)`,
    };
  if (entry.DeletedDate)
    return {
      outcome: "FAIL",
      evidence: `${name}: scheduled for deletion since ${entry.DeletedDate.toISOString()} (restore-secret brings it back within the recovery window)`,
    };
  // DescribeSecret and ListSecrets give KmsKeyId as it was set: key ARN, key id, alias or alias ARN; none means aws/secretsmanager.
  const kmsKeyId = entry.KmsKeyId;
  if (kmsKeyId === undefined)
    return {
      outcome: "FAIL",
      evidence: `${name}: encrypted with the AWS managed key aws/secretsmanager, not the environment's key`,
    };
  if (key && ![key.arn, key.id, DEFAULT_SECRETS_KEY_ALIAS, aliasArn].includes(kmsKeyId))
    return {
      outcome: "FAIL",
      evidence: `${name}: encrypted with ${kmsKeyId}, not ${DEFAULT_SECRETS_KEY_ALIAS} (${key.arn})`,
    };
  return {
    outcome: key ? "PASS" : "NOT CHECKED",
    evidence: key
      ? `${name}: ${entry.ARN}, encrypted with the environment's key`
      : `${name}: ${entry.ARN}, key ${kmsKeyId} (the environment's key is unknown)`,
  };
}
