/**
 * What the account holds for each catalog secret (ListSecrets, DescribeSecret, GetResourcePolicy, and
 * GetSecretValue summarized on the spot by secret-values.ts, never kept): what AC1–AC12 are checked on.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
 */
import { GetRoleCommand } from "@aws-sdk/client-iam";
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  paginateListSecrets,
  type DescribeSecretCommandOutput,
  type SecretListEntry,
} from "@aws-sdk/client-secrets-manager";
import type { SecretDefinition } from "../../catalog/secret-catalog";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { describeError, isAccessDenied, type AwsClients } from "./aws-clients";
import { ALLOW_EVERYTHING, simulateWithPolicies, type IamPolicy } from "./iam-simulation";
import { summarizeSecretString, type ValueSummary } from "./secret-values";

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
  for (const definition of environment.catalog)
    states.push(await stateOf(definition, listed.get(definition.name), principal, aws));
  const stray = [...listed.keys()].filter((name) => !environment.catalog.some((d) => d.name === name));
  return { states, stray };
}

/** What the account holds for one catalog secret: its description, its resource policy, and its value summarized. */
async function stateOf(
  definition: SecretDefinition,
  entry: SecretListEntry | undefined,
  principal: string | undefined,
  aws: AwsClients,
): Promise<SecretState> {
  if (!entry?.ARN || entry.DeletedDate) return { definition, listed: entry };
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
    return {
      ...known,
      valueError: {
        denied: true,
        message: `the resource policy denies ${principal}; not read, so that the denied-calls alarm stays quiet`,
      },
    };
  }
  try {
    const answer = await aws.secretsManager.send(new GetSecretValueCommand({ SecretId: entry.ARN }));
    return { ...known, value: summarizeSecretString(answer.SecretString, answer.SecretBinary !== undefined) };
  } catch (error) {
    return { ...known, valueError: { denied: isAccessDenied(error), message: describeError(error) } };
  }
}
