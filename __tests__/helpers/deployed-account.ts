/**
 * A deployed environment as the AWS APIs would describe it, derived from the synthesized secrets stack
 * (names, ARNs, keys, rotation rules, policies) rather than from the code verify runs, and served to the
 * AWS SDK v3 through `aws-sdk-client-mock` (a maintained library) in the response shapes of the API
 * references. Tests break one part of it at a time.
 *
 * Each response models a documented behaviour:
 * - Secrets Manager ListSecrets / DescribeSecret / GetSecretValue / GetResourcePolicy / RotateSecret /
 *   PutSecretValue: https://docs.aws.amazon.com/secretsmanager/latest/apireference/ (KmsKeyId as set by
 *   Terraform, the key ARN; `VersionIdsToStages`; deleted secrets listed only with IncludePlannedDeletion;
 *   an unknown secret is ResourceNotFoundException; a denied read is AccessDeniedException).
 * - KMS DescribeKey by alias: https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
 * - CloudTrail GetTrailStatus, GetEventSelectors (a trail without selectors records all management
 *   events: ReadWriteType All), DescribeTrails, LookupEvents (CloudTrailEvent is the record as a JSON
 *   string): https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/
 * - CloudWatch DescribeAlarms (MetricAlarms with ActionsEnabled, AlarmActions, StateValue):
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
 * - Rotation outcome records: https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html
 * - IAM's policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy), answered by the tests' evaluator
 *   (iam-simulate) with the account's role policies: see mockSimulator.
 * - A denied GetSecretValue is decided by evaluating the caller's identity policies with the secret's
 *   resource policy, and worded as AWS words an explicit or an implicit deny.
 */
import { randomBytes } from "node:crypto";
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
  TrailNotFoundException,
  type Event as TrailEvent,
} from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ResourceNotFoundException as RuleNotFound,
} from "@aws-sdk/client-eventbridge";
import {
  GetRoleCommand,
  IAMClient,
  InvalidInputException,
  NoSuchEntityException,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, KMSClient, NotFoundException } from "@aws-sdk/client-kms";
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  RotateSecretCommand,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { OPERATOR_PLACEHOLDER } from "../../catalog/secret-catalog";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { arnOfReference, documentOf, SECRET_SUFFIX, toIamPolicy, type IamPolicy, type Place } from "./iam-simulator";
import { evaluateRequest } from "./iam-evaluator";
import { blocks, type TerraformJson } from "./stacks";

/** One secret as the account holds it. */
export interface DeployedSecret {
  readonly name: string;
  readonly arn: string;
  kmsKeyId?: string;
  /** The current value (JSON), as Terraform, an operator or the rotation function wrote it. */
  value: string;
  versionId: string;
  /**
   * A version labelled AWSPENDING alone, as a failed rotation leaves it (DescribeSecret lists it in
   * VersionIdsToStages with ["AWSPENDING"]).
   * @default - none
   */
  pendingVersionId?: string;
  /** Set when the secret is scheduled for deletion. */
  deletedDate?: Date;
  rotation?: { enabled: boolean; days: number; lambdaArn: string };
  resourcePolicy?: IamPolicy;
}

/** The account: what the APIs answer from. Tests change it to break one thing. */
export interface DeployedAccount {
  readonly environment: ResolvedEnvironment;
  readonly place: Place;
  readonly secrets: Map<string, DeployedSecret>;
  readonly key: { arn: string; id: string; alias: string; state: string };
  trail?: {
    name: string;
    arn: string;
    logging: boolean;
    selectors: { ReadWriteType: string; IncludeManagementEvents: boolean }[];
  };
  /** The organization trail as member accounts see it (organization mode). */
  organizationTrail?: { arn: string; logging: boolean };
  readonly rules: Map<string, { state: string }>;
  readonly alarms: Map<string, { actionsEnabled: boolean; alarmActions: string[]; state: string }>;
  readonly roles: Map<
    string,
    { attached: { name: string; arn: string; document: IamPolicy }[]; inline: { name: string; document: IamPolicy }[] }
  >;
  /** CloudTrail's event history. */
  readonly events: TrailEvent[];
  /**
   * Who calls (an STS assumed-role ARN) and the identity policies of its role: GetSecretValue is decided
   * by evaluating them with the secret's resource policy, as IAM does.
   */
  caller: { arn: string; identity: IamPolicy[] };
  /** Every PutSecretValue, in order. */
  readonly writes: { secretName: string; value: string }[];
  /** API actions the caller's identity policy does not allow (`iam:ListAttachedRolePolicies`, ...): AccessDenied. */
  readonly forbidden: Set<string>;
}

/** A random value that looks like what the field would hold. */
function valueFor(reference: string): string | number {
  if (/random_bytes\.[\w-]+\.hex/.test(reference)) return randomBytes(32).toString("hex");
  if (/_port\b/.test(reference)) return 5432;
  return `v-${randomBytes(12).toString("base64url")}`;
}

/**
 * A healthy value for a synthesized secret version: the field names of its `jsonencode({...})`, each
 * with a value of the kind Terraform or an operator would write (operators have replaced every
 * placeholder; generated keys are 32 random bytes in hex, as `random_bytes.hex` gives them).
 */
function healthyValue(secretString: string): string {
  const fields: Record<string, string | number> = {};
  for (const [, name, reference] of secretString.matchAll(/"([\w-]+)" = ("[^"]*"|[^,}]+)/g)) {
    fields[name!] =
      reference!.startsWith('"') && !reference!.includes("SET_ME") ? reference!.slice(1, -1) : valueFor(reference!);
  }
  return JSON.stringify(fields);
}

const DAY = 24 * 3600 * 1000;

/** A CloudTrail event-history entry, with the record as the CloudTrailEvent JSON string. */
export function trailEvent(record: Record<string, unknown>): TrailEvent {
  return {
    EventId: randomBytes(16).toString("hex"),
    EventName: record.eventName as string,
    ReadOnly: record.readOnly === true ? "true" : "false",
    EventTime: new Date(record.eventTime as string),
    EventSource: "secretsmanager.amazonaws.com",
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** The account a synthesized secrets stack describes, healthy, with a day of ESO reads and a past rotation. */
export function deployedAccount(environment: ResolvedEnvironment, json: TerraformJson, now: Date): DeployedAccount {
  const place: Place = {
    partition: environment.partition,
    region: environment.region,
    accountId: environment.accountId,
  };
  // The key the secrets name, and its alias.
  const secretKeyRef = String(Object.values(blocks(json, "resource", "aws_secretsmanager_secret"))[0]!.kms_key_id);
  const secretsKeyAlias = Object.values(blocks(json, "resource", "aws_kms_alias")).find(
    (a) => String(a.target_key_id).replace(".key_id}", ".arn}") === secretKeyRef,
  )!;
  const keyArn = arnOfReference(json, secretKeyRef, place);
  const key = { arn: keyArn, id: keyArn.split("/").pop()!, alias: String(secretsKeyAlias.name), state: "Enabled" };

  const functions = blocks(json, "resource", "aws_lambda_function");
  const lambdaArn = (reference: string) => {
    const name = /^\$\{aws_lambda_function\.([\w-]+)\.arn\}$/.exec(reference)![1]!;
    return `arn:${place.partition}:lambda:${place.region}:${place.accountId}:function:${String(functions[name]!.function_name)}`;
  };
  const versions = Object.values(blocks(json, "resource", "aws_secretsmanager_secret_version"));
  const rotations = Object.values(blocks(json, "resource", "aws_secretsmanager_secret_rotation"));
  const policies = Object.values(blocks(json, "resource", "aws_secretsmanager_secret_policy"));
  const documentName = (reference: unknown) =>
    /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(reference))![1]!;
  const secrets = new Map<string, DeployedSecret>();
  for (const [ref, block] of Object.entries(blocks(json, "resource", "aws_secretsmanager_secret"))) {
    const name = String(block.name);
    const arnRef = `\${aws_secretsmanager_secret.${ref}.arn}`;
    const version = versions.find(
      (v) => v.secret_id === arnRef || v.secret_id === `\${aws_secretsmanager_secret.${ref}.id}`,
    )!;
    const rotation = rotations.find(
      (r) => r.secret_id === arnRef || r.secret_id === `\${aws_secretsmanager_secret.${ref}.id}`,
    );
    const policy = policies.find((p) => p.secret_arn === arnRef);
    secrets.set(name, {
      name,
      arn: `arn:${place.partition}:secretsmanager:${place.region}:${place.accountId}:secret:${name}-${SECRET_SUFFIX}`,
      kmsKeyId: arnOfReference(json, String(block.kms_key_id), place),
      value: healthyValue(String(version.secret_string ?? version.secret_string_wo)),
      versionId: `terraform-${randomBytes(8).toString("hex")}`,
      rotation: rotation
        ? {
            enabled: true,
            days: Number((rotation.rotation_rules as { automatically_after_days: number }).automatically_after_days),
            lambdaArn: lambdaArn(String(rotation.rotation_lambda_arn)),
          }
        : undefined,
      resourcePolicy: policy ? toIamPolicy(documentOf(json, documentName(policy.policy), place)) : undefined,
    });
  }

  const roleBlocks = blocks(json, "resource", "aws_iam_role");
  const managed = blocks(json, "resource", "aws_iam_policy");
  const roles: DeployedAccount["roles"] = new Map();
  const roleOf = (reference: unknown) =>
    String(roleBlocks[/^\$\{aws_iam_role\.([\w-]+)\.(name|id)\}$/.exec(String(reference))![1]!]!.name);
  for (const role of Object.values(roleBlocks)) roles.set(String(role.name), { attached: [], inline: [] });
  for (const attachment of Object.values(blocks(json, "resource", "aws_iam_role_policy_attachment"))) {
    const policy = managed[/^\$\{aws_iam_policy\.([\w-]+)\.arn\}$/.exec(String(attachment.policy_arn))![1]!]!;
    roles.get(roleOf(attachment.role))!.attached.push({
      name: String(policy.name),
      arn: `arn:${place.partition}:iam::${place.accountId}:policy/${String(policy.name)}`,
      document: toIamPolicy(documentOf(json, documentName(policy.policy), place)),
    });
  }
  for (const inline of Object.values(blocks(json, "resource", "aws_iam_role_policy"))) {
    roles.get(roleOf(inline.role))!.inline.push({
      name: String(inline.name),
      document: toIamPolicy(documentOf(json, documentName(inline.policy), place)),
    });
  }

  const trailBlock = Object.values(blocks(json, "resource", "aws_cloudtrail"))[0];
  const rules = new Map(
    Object.values(blocks(json, "resource", "aws_cloudwatch_event_rule")).map((r) => [
      String(r.name),
      { state: typeof r.state === "string" ? r.state : "ENABLED" },
    ]),
  );
  const account: DeployedAccount = {
    environment,
    place,
    secrets,
    key,
    trail: trailBlock
      ? {
          name: String(trailBlock.name),
          arn: `arn:${place.partition}:cloudtrail:${place.region}:${place.accountId}:trail/${String(trailBlock.name)}`,
          logging: trailBlock.enable_logging !== false,
          // No event_selector block: CloudTrail records all management events.
          selectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
        }
      : undefined,
    organizationTrail: trailBlock
      ? undefined
      : { arn: `arn:${place.partition}:cloudtrail:us-east-1:999999999999:trail/organization-trail`, logging: true },
    rules,
    alarms: new Map(
      Object.values(blocks(json, "resource", "aws_cloudwatch_metric_alarm")).map((a) => [
        String(a.alarm_name),
        {
          actionsEnabled: a.actions_enabled !== false,
          alarmActions: (a.alarm_actions as string[]).map((r) => arnOfReference(json, r, place)),
          state: "OK",
        },
      ]),
    ),
    roles,
    events: [],
    caller: {
      arn: `arn:${place.partition}:sts::${place.accountId}:assumed-role/AWSReservedSSO_PlatformEngineer_0123456789abcdef/jane`,
      // The PlatformEngineer permission set: an administrator.
      identity: [ADMINISTRATOR_ACCESS],
    },
    writes: [],
    forbidden: new Set(),
  };
  // A day of reads by the workloads' roles, through their namespaces' SecretStores (ESO names secrets by name).
  for (const delivery of environment.accessModel.deliveries) {
    const role =
      environment.kubernetes?.workloads.find((w) => w.namespace === delivery.namespace)?.roleName ?? "reader";
    account.events.push(
      trailEvent({
        eventVersion: "1.09",
        userIdentity: {
          type: "AssumedRole",
          arn: `arn:${place.partition}:sts::${place.accountId}:assumed-role/${role}/external-secrets-provider-aws`,
          accountId: place.accountId,
        },
        eventTime: new Date(now.getTime() - 2 * 3600 * 1000).toISOString(),
        eventSource: "secretsmanager.amazonaws.com",
        eventName: "GetSecretValue",
        awsRegion: place.region,
        requestParameters: { secretId: delivery.secretName },
        responseElements: null,
        readOnly: true,
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: place.accountId,
      }),
    );
  }
  for (const secret of secrets.values()) {
    if (secret.rotation)
      account.events.push(rotationEvent(account, secret, "RotationSucceeded", new Date(now.getTime() - 30 * DAY)));
  }
  return account;
}

/** A rotation outcome record of Secrets Manager (an AwsServiceEvent). */
export function rotationEvent(
  account: DeployedAccount,
  secret: DeployedSecret,
  eventName: string,
  at: Date,
): TrailEvent {
  return trailEvent({
    eventVersion: "1.05",
    userIdentity: { accountId: account.place.accountId, invokedBy: "secretsmanager.amazonaws.com" },
    eventTime: at.toISOString(),
    eventSource: "secretsmanager.amazonaws.com",
    eventName,
    awsRegion: account.place.region,
    sourceIPAddress: "secretsmanager.amazonaws.com",
    userAgent: "secretsmanager.amazonaws.com",
    requestParameters: null,
    responseElements: null,
    additionalEventData: { SecretId: secret.arn },
    readOnly: false,
    eventType: "AwsServiceEvent",
    recipientAccountId: account.place.accountId,
  });
}

/** Every value the account's secrets hold, for scans of what verify prints. */
export function secretValuesOf(account: DeployedAccount): string[] {
  return [...account.secrets.values()].flatMap((s) => {
    let values: string[];
    try {
      values = Object.values(JSON.parse(s.value) as Record<string, unknown>).map(String);
    } catch {
      values = [s.value];
    }
    // Shorter values (a port, "postgres") would match ordinary text.
    return values.filter((v) => v.length >= 8 && v !== OPERATOR_PLACEHOLDER);
  });
}

/** AWS's AdministratorAccess managed policy. see: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html */
export const ADMINISTRATOR_ACCESS: IamPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

/**
 * The IAM role ARN of an assumed-role session, as `aws:PrincipalArn` holds it: IAM Identity Center's
 * roles live under /aws-reserved/sso.amazonaws.com/, the account's roles here under /.
 */
export function principalArnOfSession(sessionArn: string): string {
  const [, partition, , , accountId, resource] = sessionArn.split(":");
  const roleName = resource!.split("/")[1]!;
  const path = roleName.startsWith("AWSReservedSSO_") ? "/aws-reserved/sso.amazonaws.com/" : "/";
  return `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
}

const notFound = () =>
  new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} });
/**
 * AccessDeniedException in the words of AWS's authorization errors: an explicit deny names the kind of
 * policy that denied; an implicit deny says no identity-based policy allows the action.
 * see: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
const denied = (caller: string, action: string, resource: string, decision: string) =>
  new SecretsManagerServiceException({
    name: "AccessDeniedException",
    $fault: "client",
    message:
      decision === "ExplicitlyDenied"
        ? `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a resource-based policy`
        : `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    $metadata: {},
  });

/** Installs the account behind every SDK client of these services; returns the mocks (reset them after each test). */
export function mockAccount(account: DeployedAccount) {
  const sm = mockClient(SecretsManagerClient);
  const kms = mockClient(KMSClient);
  const trail = mockClient(CloudTrailClient);
  const events = mockClient(EventBridgeClient);
  const iam = mockClient(IAMClient);
  const sts = mockClient(STSClient);
  const cloudWatch = mockClient(CloudWatchClient);
  const { place } = account;
  const secretOf = (id: string | undefined) =>
    [...account.secrets.values()].find((s) => (s.name === id || s.arn === id) && !s.deletedDate);
  const stagesOf = (s: DeployedSecret) => ({
    [s.versionId]: ["AWSCURRENT"],
    ...(s.pendingVersionId ? { [s.pendingVersionId]: ["AWSPENDING"] } : {}),
  });

  sts
    .on(GetCallerIdentityCommand)
    .callsFake(() => ({ Account: place.accountId, Arn: account.caller.arn, UserId: "AROAEXAMPLEID:jane" }));
  sm.on(ListSecretsCommand).callsFake(
    (input: { Filters?: { Key: string; Values: string[] }[]; IncludePlannedDeletion?: boolean }) => {
      const prefix = input.Filters?.find((f) => f.Key === "name")?.Values[0] ?? "";
      return {
        SecretList: [...account.secrets.values()]
          .filter((s) => s.name.startsWith(prefix) && (!s.deletedDate || input.IncludePlannedDeletion))
          .map((s) => ({
            ARN: s.arn,
            Name: s.name,
            KmsKeyId: s.kmsKeyId,
            RotationEnabled: s.rotation?.enabled ?? false,
            ...(s.rotation?.enabled
              ? { RotationLambdaARN: s.rotation.lambdaArn, RotationRules: { AutomaticallyAfterDays: s.rotation.days } }
              : {}),
            ...(s.deletedDate ? { DeletedDate: s.deletedDate } : {}),
            SecretVersionsToStages: stagesOf(s),
            CreatedDate: new Date("2026-09-01T10:00:00Z"),
          })),
      };
    },
  );
  sm.on(DescribeSecretCommand).callsFake((input: { SecretId: string }) => {
    const s = secretOf(input.SecretId);
    if (!s) throw notFound();
    return {
      ARN: s.arn,
      Name: s.name,
      KmsKeyId: s.kmsKeyId,
      RotationEnabled: s.rotation?.enabled ?? false,
      ...(s.rotation?.enabled
        ? {
            RotationLambdaARN: s.rotation.lambdaArn,
            RotationRules: { AutomaticallyAfterDays: s.rotation.days },
            LastRotatedDate: new Date("2026-10-31T03:00:00Z"),
            NextRotationDate: new Date("2027-01-29T00:00:00Z"),
          }
        : {}),
      LastChangedDate: new Date("2026-10-31T03:00:00Z"),
      VersionIdsToStages: stagesOf(s),
      CreatedDate: new Date("2026-09-01T10:00:00Z"),
    };
  });
  sm.on(GetSecretValueCommand).callsFake(async (input: { SecretId: string }) => {
    const s = secretOf(input.SecretId);
    if (!s) throw notFound();
    const action = "secretsmanager:GetSecretValue";
    const decision = await evaluateRequest(
      { principalArn: principalArnOfSession(account.caller.arn), action, resource: s.arn },
      account.caller.identity,
      s.resourcePolicy,
    );
    if (decision !== "Allowed") throw denied(account.caller.arn, action, input.SecretId, decision);
    return {
      ARN: s.arn,
      Name: s.name,
      VersionId: s.versionId,
      SecretString: s.value,
      VersionStages: ["AWSCURRENT"],
      CreatedDate: new Date("2026-10-31T03:00:00Z"),
    };
  });
  sm.on(GetResourcePolicyCommand).callsFake((input: { SecretId: string }) => {
    const s = secretOf(input.SecretId);
    if (!s) throw notFound();
    return {
      ARN: s.arn,
      Name: s.name,
      ...(s.resourcePolicy ? { ResourcePolicy: JSON.stringify(s.resourcePolicy) } : {}),
    };
  });
  sm.on(RotateSecretCommand).callsFake((input: { SecretId: string }) => {
    const s = secretOf(input.SecretId);
    if (!s) throw notFound();
    // The rotation function's four steps, as they end: a new version with the same fields, AWSCURRENT.
    const parsed = JSON.parse(s.value) as Record<string, unknown>;
    parsed.password = randomBytes(24).toString("base64url");
    s.value = JSON.stringify(parsed);
    s.versionId = `rotation-${randomBytes(8).toString("hex")}`;
    return { ARN: s.arn, Name: s.name, VersionId: s.versionId };
  });
  sm.on(PutSecretValueCommand).callsFake((input: { SecretId: string; SecretString: string }) => {
    const s = secretOf(input.SecretId);
    if (!s) throw notFound();
    s.value = input.SecretString;
    s.versionId = `put-${randomBytes(8).toString("hex")}`;
    account.writes.push({ secretName: s.name, value: input.SecretString });
    return { ARN: s.arn, Name: s.name, VersionId: s.versionId, VersionStages: ["AWSCURRENT"] };
  });
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId: string }) => {
    if (![account.key.alias, account.key.arn, account.key.id].includes(input.KeyId))
      throw new NotFoundException({ message: `Alias ${input.KeyId} is not found.`, $metadata: {} });
    return {
      KeyMetadata: {
        AWSAccountId: place.accountId,
        KeyId: account.key.id,
        Arn: account.key.arn,
        CreationDate: new Date("2026-09-01T10:00:00Z"),
        Enabled: account.key.state === "Enabled",
        KeyUsage: "ENCRYPT_DECRYPT",
        KeyState: account.key.state,
        Origin: "AWS_KMS",
        KeyManager: "CUSTOMER",
        KeySpec: "SYMMETRIC_DEFAULT",
        EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
        MultiRegion: false,
      },
    };
  });
  const trailByName = (name: string | undefined) => {
    if (account.trail && (name === account.trail.name || name === account.trail.arn)) return account.trail;
    if (account.organizationTrail && name === account.organizationTrail.arn) return account.organizationTrail;
    throw new TrailNotFoundException({
      message: `Unknown trail: ${name} for the user: ${place.accountId}`,
      $metadata: {},
    });
  };
  trail.on(GetTrailStatusCommand).callsFake((input: { Name: string }) => {
    const t = trailByName(input.Name);
    return {
      IsLogging: t.logging,
      LatestDeliveryTime: new Date("2026-11-30T11:55:00Z"),
      ...(t.logging ? {} : { StopLoggingTime: new Date("2026-11-29T22:00:00Z") }),
    };
  });
  trail.on(GetEventSelectorsCommand).callsFake((input: { TrailName: string }) => {
    const t = trailByName(input.TrailName);
    // The organization's selectors are the management account's to read; a member gets its own trail's only.
    const selectors = t === account.trail ? account.trail.selectors : [];
    return {
      TrailARN: t.arn,
      EventSelectors: selectors.map((s) => ({ ...s, DataResources: [], ExcludeManagementEventSources: [] })),
    };
  });
  trail.on(DescribeTrailsCommand).callsFake(() => ({
    trailList: [
      ...(account.trail
        ? [
            {
              Name: account.trail.name,
              TrailARN: account.trail.arn,
              HomeRegion: place.region,
              IsMultiRegionTrail: true,
              IsOrganizationTrail: false,
            },
          ]
        : []),
      ...(account.organizationTrail
        ? [
            {
              Name: "organization-trail",
              TrailARN: account.organizationTrail.arn,
              HomeRegion: "us-east-1",
              IsMultiRegionTrail: true,
              IsOrganizationTrail: true,
            },
          ]
        : []),
    ],
  }));
  trail
    .on(LookupEventsCommand)
    .callsFake(
      (input: {
        LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
        StartTime?: Date;
        EndTime?: Date;
      }) => {
        const name = input.LookupAttributes?.find((a) => a.AttributeKey === "EventName")?.AttributeValue;
        const found = account.events
          .filter(
            (e) =>
              (name === undefined || e.EventName === name) &&
              (!input.StartTime || e.EventTime! >= input.StartTime) &&
              (!input.EndTime || e.EventTime! <= input.EndTime),
          )
          .sort((a, b) => b.EventTime!.getTime() - a.EventTime!.getTime());
        return { Events: found };
      },
    );
  cloudWatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
    MetricAlarms: [...account.alarms]
      .filter(([name]) => !input.AlarmNames || input.AlarmNames.includes(name))
      .map(([name, a]) => ({
        AlarmName: name,
        AlarmArn: `arn:${place.partition}:cloudwatch:${place.region}:${place.accountId}:alarm:${name}`,
        ActionsEnabled: a.actionsEnabled,
        AlarmActions: a.alarmActions,
        StateValue: a.state,
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
      })),
    CompositeAlarms: [],
  }));
  events.on(DescribeRuleCommand).callsFake((input: { Name: string }) => {
    const rule = account.rules.get(input.Name);
    if (!rule)
      throw new RuleNotFound({ message: `Rule ${input.Name} does not exist on EventBus default.`, $metadata: {} });
    return {
      Name: input.Name,
      Arn: `arn:${place.partition}:events:${place.region}:${place.accountId}:rule/${input.Name}`,
      State: rule.state,
      EventBusName: "default",
    };
  });
  // The caller's role: IAM Identity Center creates its roles under /aws-reserved/sso.amazonaws.com/.
  iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => {
    const sso = input.RoleName.startsWith("AWSReservedSSO_");
    if (!sso && !account.caller.arn.includes(`/${input.RoleName}/`) && !account.roles.has(input.RoleName))
      throw new NoSuchEntityException({
        message: `The role with name ${input.RoleName} cannot be found.`,
        $metadata: {},
      });
    const rolePath = sso ? "/aws-reserved/sso.amazonaws.com/" : "/";
    return {
      Role: {
        Path: rolePath,
        RoleName: input.RoleName,
        RoleId: "AROAEXAMPLEROLEID",
        Arn: `arn:${place.partition}:iam::${place.accountId}:role${rolePath}${input.RoleName}`,
        CreateDate: new Date("2026-06-01T00:00:00Z"),
      },
    };
  });
  const allowed = (action: string) => {
    if (account.forbidden.has(action)) {
      throw Object.assign(
        new Error(
          `User: ${account.caller.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
        ),
        { name: "AccessDenied" },
      );
    }
  };
  mockSimulator(iam, account, allowed);
  return {
    restore: () => [sm, kms, trail, events, iam, sts, cloudWatch].forEach((m) => m.restore()),
    secretsManager: sm,
  };
}

/** What the simulator mock answers in EvaluationResults[].EvalDecision. */
const EVAL_DECISION = {
  Allowed: "allowed",
  ExplicitlyDenied: "explicitDeny",
  ImplicitlyDenied: "implicitDeny",
} as const;

/**
 * IAM's policy simulator, answered by the tests' evaluator (iam-simulate) with the account's roles and the
 * request's policies, modelling the documented inputs: SimulatePrincipalPolicy takes the role's own
 * attached and inline policies (an unknown role is NoSuchEntity); a ResourcePolicy needs a CallerArn that
 * is an IAM user's ARN unless the source is a user (InvalidInput otherwise); ContextEntries supply the
 * context keys (here `aws:PrincipalArn`).
 * see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 * see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 */
function mockSimulator(
  iam: AwsStub<ServiceInputTypes, ServiceOutputTypes, IAMClientResolvedConfig>,
  account: DeployedAccount,
  allowed: (action: string) => void,
): void {
  interface SimulationInput {
    ActionNames: string[];
    ResourceArns: string[];
    ResourcePolicy?: string;
    CallerArn?: string;
    ContextEntries?: { ContextKeyName: string; ContextKeyValues: string[] }[];
  }
  const evaluate = async (input: SimulationInput, source: string, identity: IamPolicy[]) => {
    if (input.ResourcePolicy && !source.includes(":user/") && !input.CallerArn?.includes(":user/"))
      throw new InvalidInputException({
        message: "CallerArn is required and must be an IAM user's ARN when a ResourcePolicy is given for a role.",
        $metadata: {},
      });
    const principal =
      input.ContextEntries?.find((c) => c.ContextKeyName === "aws:PrincipalArn")?.ContextKeyValues[0] ?? source;
    const resourcePolicy = input.ResourcePolicy ? (JSON.parse(input.ResourcePolicy) as IamPolicy) : undefined;
    const results = [];
    for (const action of input.ActionNames)
      for (const resource of input.ResourceArns) {
        const decision = await evaluateRequest({ principalArn: principal, action, resource }, identity, resourcePolicy);
        results.push({ EvalActionName: action, EvalResourceName: resource, EvalDecision: EVAL_DECISION[decision] });
      }
    return { EvaluationResults: results, IsTruncated: false };
  };
  iam.on(SimulatePrincipalPolicyCommand).callsFake(async (input: SimulationInput & { PolicySourceArn: string }) => {
    allowed("iam:SimulatePrincipalPolicy");
    const name = input.PolicySourceArn.split("/").pop()!;
    const role = account.roles.get(name);
    if (!role)
      throw new NoSuchEntityException({ message: `The role with name ${name} cannot be found.`, $metadata: {} });
    const identity = [...role.attached, ...role.inline].map((p) => p.document);
    return evaluate(input, input.PolicySourceArn, identity);
  });
  iam.on(SimulateCustomPolicyCommand).callsFake(async (input: SimulationInput & { PolicyInputList: string[] }) => {
    allowed("iam:SimulateCustomPolicy");
    const identity = input.PolicyInputList.map((p) => JSON.parse(p) as IamPolicy);
    return evaluate(input, input.CallerArn ?? "", identity);
  });
}
