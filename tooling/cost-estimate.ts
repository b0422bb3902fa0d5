import { needsRdsApi } from "../config/rotation-settings";
import type { ResolvedEnvironment } from "../config/environment-config";
import { AWS_PRICES } from "./aws-prices";

/**
 * What the estimate cannot read from the configuration: traffic. The defaults are a small product's
 * account; pass your own figures (CloudTrail's event history and the bucket's size tell them).
 */
export interface UsageAssumptions {
  /** Management events CloudTrail records in the account per month. @default 200_000 */
  readonly managementEventsPerMonth: number;
  /** Average size of one event in the log group, in KB. @default 1.5 */
  readonly eventKb: number;
  /** Size of the trail's gzip files in S3 relative to the events' raw size. @default 0.1 */
  readonly s3CompressionRatio: number;
  /** Seconds one rotation step runs. @default 1 */
  readonly stepSeconds: number;
  /** GetSecretValue calls per month by anything other than the External Secrets Operator. @default 1_000 */
  readonly otherReadsPerMonth: number;
}

export const DEFAULT_USAGE: UsageAssumptions = {
  managementEventsPerMonth: 200_000,
  eventKb: 1.5,
  s3CompressionRatio: 0.1,
  stepSeconds: 1,
  otherReadsPerMonth: 1_000,
};

const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = 30 * 24 * 3600;

/** One line of the estimate: what, how much of it, and its monthly cost in USD. */
export interface CostLine {
  readonly item: string;
  readonly quantity: string;
  readonly monthly: number;
}

/** What the environment's stacks create that is billed, counted from the configuration as the stacks decide it. */
export function billedResources(environment: ResolvedEnvironment): {
  secrets: number;
  keys: number;
  alarms: number;
  endpoints: number;
  availabilityZones: number;
} {
  const rotation = environment.catalog.some((d) => d.rotation.kind === "automatic") ? environment.rotation : undefined;
  const ownTrail = environment.audit.trail === "create";
  const network = rotation?.network;
  const endpoints = network
    ? (network.secretsManagerEndpoint === "create" ? 1 : 0) +
      (needsRdsApi(rotation) && network.rdsApiEndpoint === "create" ? 1 : 0)
    : 0;
  return {
    secrets: environment.catalog.length,
    // The secrets key and the operations key (topics, queue, logs), and the audit key with a trail of the stack.
    keys: 2 + (ownTrail ? 1 : 0),
    // The rotation function's errors and dead letters; denied calls on the trail's log group.
    alarms: (rotation ? 2 : 0) + (ownTrail ? 1 : 0),
    endpoints,
    availabilityZones: network?.subnetIds.length ?? 0,
  };
}

/** The monthly cost of one environment, line by line, at {@link AWS_PRICES}. */
export function estimateMonthlyCost(
  environment: ResolvedEnvironment,
  usage: UsageAssumptions = DEFAULT_USAGE,
): CostLine[] {
  const p = AWS_PRICES;
  const billed = billedResources(environment);
  const lines: CostLine[] = [];
  const add: AddLine = (item, quantity, monthly) => lines.push({ item, quantity, monthly });
  add("Secrets Manager secrets", `${billed.secrets} secrets`, billed.secrets * p.secretsManager.perSecretMonth);
  const reads = addReads(environment, usage, add);
  add("KMS keys", `${billed.keys} keys`, billed.keys * p.kms.perKeyMonth);
  // Each GetSecretValue of a secret under a customer managed key is one kms:Decrypt by Secrets Manager.
  add("KMS requests", `${reads.toLocaleString("en-US")} decrypts`, (reads / 10_000) * p.kms.per10kRequests);
  addRotation(environment, usage, add);
  addAudit(environment, usage, add);
  add("CloudWatch alarms", `${billed.alarms} alarms`, billed.alarms * p.cloudWatch.perAlarmMonth);
  add("SNS e-mail", "under the free 1,000 a month", 0);
  const endpointHours = billed.endpoints * billed.availabilityZones * HOURS_PER_MONTH;
  add(
    "VPC interface endpoints",
    `${billed.endpoints} endpoints × ${billed.availabilityZones} AZs`,
    endpointHours * p.vpcEndpoint.perAzHour,
  );
  return lines;
}

type AddLine = (item: string, quantity: string, monthly: number) => void;

/** GetSecretValue calls: one per refresh per ExternalSecret (every controller replica reads unless one leads), and the rest. */
function addReads(environment: ResolvedEnvironment, usage: UsageAssumptions, add: AddLine): number {
  const p = AWS_PRICES;
  const controllers =
    environment.kubernetes && !environment.kubernetes.values.leaderElect
      ? environment.kubernetes.values.replicaCount
      : 1;
  const esoCalls =
    Math.round(environment.accessModel.deliveries.reduce((n, d) => n + SECONDS_PER_MONTH / d.refresh.seconds, 0)) *
    controllers;
  const reads = esoCalls + usage.otherReadsPerMonth;
  add(
    "Secrets Manager API calls",
    `${reads.toLocaleString("en-US")} GetSecretValue (${esoCalls.toLocaleString("en-US")} from ESO)`,
    (reads / 10_000) * p.secretsManager.per10kApiCalls,
  );

  return reads;
}

/** The rotation function: four invocations a rotation, each a step's seconds at its memory. */
function addRotation(environment: ResolvedEnvironment, usage: UsageAssumptions, add: AddLine): void {
  const p = AWS_PRICES;
  const rotated = environment.rotation ? environment.catalog.filter((d) => d.rotation.kind === "automatic") : [];
  const rotationsPerMonth = rotated.reduce(
    (n, d) =>
      n +
      30 /
        (environment.rotation?.automaticallyAfterDays ?? (d.rotation.kind === "automatic" ? d.rotation.everyDays : 90)),
    0,
  );
  const invocations = rotationsPerMonth * 4; // createSecret, setSecret, testSecret, finishSecret
  const gbSeconds = invocations * usage.stepSeconds * ((environment.rotation?.memorySize ?? 256) / 1024);
  add(
    "Lambda (rotation)",
    `${invocations.toFixed(2)} invocations`,
    (invocations / 1e6) * p.lambda.perMillionRequests + gbSeconds * p.lambda.perGbSecond,
  );
}

/** The trail, its log group and its bucket in steady state. */
function addAudit(environment: ResolvedEnvironment, usage: UsageAssumptions, add: AddLine): void {
  const p = AWS_PRICES;
  // The first copy of management events is free; the stack's trail is that copy unless another trail
  // of the account already is (then every event costs: say so in the configuration's notes).
  add(
    "CloudTrail",
    environment.audit.trail === "create" ? "the account's first management-events copy" : "the organization's trail",
    0,
  );
  if (environment.audit.trail === "create") {
    const gb = (usage.managementEventsPerMonth * usage.eventKb) / (1024 * 1024);
    const storedGb = gb * (environment.audit.logRetentionInDays / 30);
    add(
      "CloudWatch Logs (trail)",
      `${gb.toFixed(2)} GB in, ${storedGb.toFixed(2)} GB kept`,
      gb * p.cloudWatch.perGbIngested + storedGb * p.cloudWatch.perGbMonthStored,
    );
    // Steady state: each month's files stay in Standard until the transition, then in Glacier until expiry.
    const s3Gb = gb * usage.s3CompressionRatio;
    const standard = s3Gb * (environment.audit.transitionToGlacierAfterDays / 30);
    const glacier =
      s3Gb * (Math.max(0, environment.audit.expireAfterDays - environment.audit.transitionToGlacierAfterDays) / 30);
    add(
      "S3 (audit bucket, steady state)",
      `${standard.toFixed(2)} GB Standard, ${glacier.toFixed(2)} GB Glacier`,
      standard * p.s3.perGbMonthStandard + glacier * p.s3.perGbMonthGlacier,
    );
  }
}

/** The estimate of each environment as a Markdown table, beside the story's ~$5.10. */
export function renderCostTable(
  environments: readonly ResolvedEnvironment[],
  usage: UsageAssumptions = DEFAULT_USAGE,
): string {
  const money = (n: number) => `$${n.toFixed(2)}`;
  const items = [...new Set(environments.flatMap((e) => estimateMonthlyCost(e, usage).map((l) => l.item)))];
  const costs = environments.map((e) => new Map(estimateMonthlyCost(e, usage).map((l) => [l.item, l.monthly])));
  const rows = [
    `| Item | ${environments.map((e) => e.name).join(" | ")} |`,
    `|---|${environments.map(() => "---:").join("|")}|`,
    ...items.map((item) => `| ${item} | ${costs.map((c) => (c.has(item) ? money(c.get(item)!) : "–")).join(" | ")} |`),
    `| **Total / month** | ${costs.map((c) => `**${money([...c.values()].reduce((a, b) => a + b, 0))}**`).join(" | ")} |`,
  ];
  return [
    ...rows,
    "",
    `Prices: ${AWS_PRICES.region}, read ${AWS_PRICES.readOn} (tooling/aws-prices.ts). Traffic: ${JSON.stringify(usage)}.`,
  ].join("\n");
}
