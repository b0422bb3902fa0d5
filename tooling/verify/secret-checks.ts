/**
 * AC1–AC7: the catalog's secrets as Secrets Manager has them. ListSecrets and DescribeSecret
 * give names, keys, versions and rotation; GetSecretValue gives the value, which is summarized on the spot
 * (secret-values.ts) and never kept.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
 */
import { DescribeKeyCommand } from "@aws-sdk/client-kms";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  paginateListSecrets,
  type DescribeSecretCommandOutput,
  type SecretListEntry,
} from "@aws-sdk/client-secrets-manager";
import { categoryOf, type SecretCategory, type SecretDefinition } from "../../catalog/secret-catalog";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { DEFAULT_SECRETS_KEY_ALIAS } from "../../constructs/secrets-kms-key";
import { ALLOW_EVERYTHING, simulateWithPolicies, type IamPolicy } from "./iam-simulation";
import { describeError, failedCall, isAccessDenied, type AwsClients } from "./aws-clients";
import { rowOf, type CheckRow, type Finding } from "./report";
import { summarizeSecretString, valueFindings, type ValueSummary } from "./secret-values";

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

/** What the account holds for one catalog secret. */
export interface SecretState {
  readonly definition: SecretDefinition;
  /** Its ListSecrets entry, or `undefined` when Secrets Manager does not list it. */
  readonly listed?: SecretListEntry;
  /** DescribeSecret's answer, or why there is none. */
  readonly described?: DescribeSecretCommandOutput;
  readonly describeError?: string;
  /** The secret's resource policy (`undefined`: it has none), or why it could not be read. */
  readonly resourcePolicy?: IamPolicy;
  readonly resourcePolicyError?: string;
  /** The current value, summarized; or why it was not read. */
  readonly value?: ValueSummary;
  readonly valueError?: { readonly denied: boolean; readonly message: string };
}

/**
 * Whether the secret's resource policy denies the caller, as IAM's simulator decides it (the caller's
 * identity policies aside): then verify does not try the read, so that the denied-calls alarm stays quiet.
 * Without the right to simulate, it cannot tell, and reads.
 */
async function deniedByResourcePolicy(
  aws: AwsClients,
  principalArn: string,
  resourceArn: string,
  resourcePolicy: IamPolicy,
): Promise<boolean> {
  try {
    const request = { principalArn, action: "secretsmanager:GetSecretValue", resourceArn, resourcePolicy };
    return (await simulateWithPolicies(aws, request, [ALLOW_EVERYTHING])) === "ExplicitlyDenied";
  } catch {
    return false;
  }
}

/**
 * The IAM ARN the resource policies match the caller by (`aws:PrincipalArn`): an assumed role's ARN
 * with its path, which the STS ARN leaves out (IAM Identity Center roles live under
 * `/aws-reserved/sso.amazonaws.com/`). `undefined` when the role cannot be read.
 * see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export async function principalArnOf(callerArn: string, aws: AwsClients): Promise<string | undefined> {
  const assumed = /^arn:[\w-]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(callerArn);
  if (!assumed) return callerArn.includes(":iam::") ? callerArn : undefined;
  try {
    return (await aws.iam.send(new GetRoleCommand({ RoleName: assumed[1] }))).Role?.Arn;
  } catch {
    return undefined;
  }
}

/** The catalog's secrets as the account has them, and the names under `qualisys/` the catalog does not have. */
export interface SecretInventory {
  readonly states: readonly SecretState[];
  readonly stray: readonly string[];
}

/**
 * Lists the `qualisys/` secrets, then describes each of the catalog's, reads its resource policy and,
 * unless that policy denies the caller, its value. A read the policy denies is not attempted: it would
 * set off the denied-calls alarm and page whoever watches the security topic.
 */
export async function readSecrets(
  environment: ResolvedEnvironment,
  aws: AwsClients,
  caller: string,
): Promise<SecretInventory> {
  const principal = await principalArnOf(caller, aws);
  const listed = new Map<string, SecretListEntry>();
  // Secrets scheduled for deletion are listed too, so that the row can say so rather than "not found".
  for await (const page of paginateListSecrets(
    { client: aws.secretsManager },
    { Filters: [{ Key: "name", Values: ["qualisys/"] }], IncludePlannedDeletion: true },
  )) {
    for (const entry of page.SecretList ?? []) if (entry.Name) listed.set(entry.Name, entry);
  }
  const states: SecretState[] = [];
  for (const definition of environment.catalog) {
    const entry = listed.get(definition.name);
    if (!entry?.ARN || entry.DeletedDate) {
      states.push({ definition, listed: entry });
      continue;
    }
    let described: DescribeSecretCommandOutput | undefined;
    let describeFailure: string | undefined;
    try {
      described = await aws.secretsManager.send(new DescribeSecretCommand({ SecretId: entry.ARN }));
    } catch (error) {
      describeFailure = describeError(error);
    }
    let resourcePolicy: IamPolicy | undefined;
    let resourcePolicyError: string | undefined;
    try {
      const answer = await aws.secretsManager.send(new GetResourcePolicyCommand({ SecretId: entry.ARN }));
      if (answer.ResourcePolicy) resourcePolicy = JSON.parse(answer.ResourcePolicy) as IamPolicy;
    } catch (error) {
      resourcePolicyError = describeError(error);
    }
    const known = {
      definition,
      listed: entry,
      described,
      describeError: describeFailure,
      resourcePolicy,
      resourcePolicyError,
    };
    if (principal && resourcePolicy && (await deniedByResourcePolicy(aws, principal, entry.ARN, resourcePolicy))) {
      states.push({
        ...known,
        valueError: {
          denied: true,
          message: `the resource policy denies ${principal}; not read, so that the denied-calls alarm stays quiet`,
        },
      });
      continue;
    }
    try {
      const answer = await aws.secretsManager.send(new GetSecretValueCommand({ SecretId: entry.ARN }));
      states.push({ ...known, value: summarizeSecretString(answer.SecretString, answer.SecretBinary !== undefined) });
    } catch (error) {
      states.push({ ...known, valueError: { denied: isAccessDenied(error), message: describeError(error) } });
    }
  }
  const stray = [...listed.keys()].filter((name) => !environment.catalog.some((d) => d.name === name));
  return { states, stray };
}

/** AC1: every catalog secret is listed (not scheduled for deletion) and encrypted with the environment's key. */
export async function encryptionRow(
  environment: ResolvedEnvironment,
  inventory: SecretInventory,
  aws: AwsClients,
): Promise<CheckRow> {
  const { states, stray } = inventory;
  const title = "Every catalog secret exists, encrypted with the environment's customer-managed KMS key";
  let key: { arn: string; id: string } | undefined;
  const findings: Finding[] = [];
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
  const aliasArn = `arn:${environment.partition}:kms:${environment.region}:${environment.accountId}:${DEFAULT_SECRETS_KEY_ALIAS}`;
  for (const state of states) {
    const name = state.definition.name;
    const entry = state.listed;
    if (!entry) {
      findings.push({
        outcome: "FAIL",
        evidence: `${name}: not found (deleted, never applied, or in another account or region)`,
      });
      continue;
    }
    if (entry.DeletedDate) {
      findings.push({
        outcome: "FAIL",
        evidence: `${name}: scheduled for deletion since ${entry.DeletedDate.toISOString()} (restore-secret brings it back within the recovery window)`,
      });
      continue;
    }
    // DescribeSecret and ListSecrets give KmsKeyId as it was set: key ARN, key id, alias or alias ARN; none means aws/secretsmanager.
    const kmsKeyId = entry.KmsKeyId;
    if (kmsKeyId === undefined)
      findings.push({
        outcome: "FAIL",
        evidence: `${name}: encrypted with the AWS managed key aws/secretsmanager, not the environment's key`,
      });
    else if (key && ![key.arn, key.id, DEFAULT_SECRETS_KEY_ALIAS, aliasArn].includes(kmsKeyId))
      findings.push({
        outcome: "FAIL",
        evidence: `${name}: encrypted with ${kmsKeyId}, not ${DEFAULT_SECRETS_KEY_ALIAS} (${key.arn})`,
      });
    else
      findings.push({
        outcome: key ? "PASS" : "NOT CHECKED",
        evidence: key
          ? `${name}: ${entry.ARN}, encrypted with the environment's key`
          : `${name}: ${entry.ARN}, key ${kmsKeyId} (the environment's key is unknown)`,
      });
  }
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
