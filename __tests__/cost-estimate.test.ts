import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { billedResources, estimateMonthlyCost, type UsageAssumptions } from "../tooling/cost-estimate";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { resolveTestEnvironment, testNetwork, type TerraformJson } from "./helpers/stacks";

const ROOT = path.resolve(__dirname, "..");

describe("the cost estimate", () => {
  it("adds up a small configuration as worked out by hand", () => {
    // 7 secrets, no cluster, a trail of the stack, rotation through a new Secrets Manager endpoint in 2 subnets.
    const environment = resolveTestEnvironment({
      rotation: { network: { ...testNetwork(), secretsManagerEndpoint: "create" } },
    });
    // 1 GiB of events a month (1,048,576 events of 1 KB), 10,000 reads.
    const usage: UsageAssumptions = {
      managementEventsPerMonth: 1_048_576,
      eventKb: 1,
      s3CompressionRatio: 0.1,
      stepSeconds: 1,
      otherReadsPerMonth: 10_000,
    };
    const cost = Object.fromEntries(estimateMonthlyCost(environment, usage).map((l) => [l.item, l.monthly]));
    expect(cost["Secrets Manager secrets"]).toBeCloseTo(7 * 0.4, 6);
    expect(cost["Secrets Manager API calls"]).toBeCloseTo(0.05, 6);
    expect(cost["KMS keys"]).toBeCloseTo(3, 6);
    expect(cost["KMS requests"]).toBeCloseTo(0.03, 6);
    // 1 GB in at $0.50, kept 365 days: 365/30 GB at $0.03.
    expect(cost["CloudWatch Logs (trail)"]).toBeCloseTo(0.5 + (365 / 30) * 0.03, 6);
    expect(cost["CloudWatch alarms"]).toBeCloseTo(0.3, 6);
    // One endpoint in two availability zones, 730 hours at $0.01.
    expect(cost["VPC interface endpoints"]).toBeCloseTo(14.6, 6);
  });

  it("doubles the operator's reads when two controllers run without leader election", () => {
    // Validation refuses this configuration (two replicas need leader election), so the test builds the
    // resolved environment directly: the estimate must still say what such a deployment would cost.
    const values = { leaderElect: false, replicaCount: 2 };
    const environment = resolveTestEnvironment();
    const base = {
      ...environment,
      kubernetes: {
        clusterName: "c",
        workloads: [],
        refreshInterval: "1h",
        refreshSeconds: 3600,
        values: { ...values, leaderElect: true },
      },
    } as unknown as typeof environment;
    const delivered = {
      ...base,
      accessModel: {
        ...base.accessModel,
        deliveries: [
          {
            namespace: "n",
            workload: "api",
            secretName: "qualisys/jwt/signing-key",
            reason: "",
            refresh: { interval: "1h", seconds: 3600, why: "" },
          },
        ],
      },
    } as typeof environment;
    const twice = { ...delivered, kubernetes: { ...delivered.kubernetes!, values } } as unknown as typeof environment;
    const usage: UsageAssumptions = {
      managementEventsPerMonth: 0,
      eventKb: 1,
      s3CompressionRatio: 0.1,
      stepSeconds: 1,
      otherReadsPerMonth: 0,
    };
    const calls = (e: typeof environment) =>
      estimateMonthlyCost(e, usage).find((l) => l.item === "Secrets Manager API calls")!.monthly;
    // One ExternalSecret, re-read hourly for 30 days: 720 calls.
    expect(calls(delivered)).toBeCloseTo((720 / 10_000) * 0.05, 8);
    expect(calls(twice)).toBeCloseTo((1440 / 10_000) * 0.05, 8);
  });

  describe("counts what the synthesized stacks bill", () => {
    let outdir: string;
    beforeAll(async () => {
      outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "cost-")), "out");
      await synthesizeToDirectory(exampleEnvironments, outdir);
    });
    it.each(resolveEnvironments(exampleEnvironments).map((e) => [e.name, e] as const))("%s", (name, environment) => {
      const json = JSON.parse(
        readFileSync(path.join(outdir, "stacks", `secrets-${name}`, "cdk.tf.json"), "utf8"),
      ) as TerraformJson;
      const count = (type: string) => Object.keys(json.resource?.[type] ?? {}).length;
      const endpoints = Object.values(json.resource?.aws_vpc_endpoint ?? {});
      const billed = billedResources(environment);
      expect(billed).toMatchObject({
        secrets: count("aws_secretsmanager_secret"),
        keys: count("aws_kms_key"),
        alarms: count("aws_cloudwatch_metric_alarm"),
        endpoints: endpoints.length,
      });
      for (const endpoint of endpoints) expect((endpoint.subnet_ids as string[]).length).toBe(billed.availabilityZones);
    });
  });

  it("prints, with `npm run cost`, a column per example environment whose items add up to its total", () => {
    const out = execFileSync("npx", ["tsx", "cli/cost.ts"], { cwd: ROOT, encoding: "utf8" });
    const rows = out
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| Item"))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const dollars = (cell: string) => (cell === "–" ? 0 : Number(cell.replace(/[*$]/g, "")));
    const row = (item: string) =>
      rows
        .find((r) => r[0] === item)!
        .slice(1)
        .map(dollars);
    const items = rows.filter((r) => !r[0]!.startsWith("**Total"));
    const totals = row("**Total / month**");
    expect(totals).toHaveLength(3); // dev, staging, production
    totals.forEach((total, i) => {
      const sum = items.reduce((n, r) => n + dollars(r[i + 1]!), 0);
      expect(Math.abs(sum - total), `column ${i}`).toBeLessThanOrEqual(0.01 * items.length); // cents rounded per line
    });
    // Written out from AWS's prices (us-east-1): $0.40 a secret a month (dev and staging: 8 secrets with the
    // sync canary, production 7); $1 a KMS key a month (staging has no audit key: the organization's trail);
    // $0.01 an hour per interface endpoint per AZ (production: 2 endpoints in 3 AZs, 730 hours).
    // see: https://aws.amazon.com/secrets-manager/pricing/ https://aws.amazon.com/kms/pricing/ https://aws.amazon.com/privatelink/pricing/
    expect(row("Secrets Manager secrets")).toEqual([3.2, 3.2, 2.8]);
    expect(row("KMS keys")).toEqual([3, 2, 3]);
    expect(row("VPC interface endpoints")).toEqual([0, 0, 43.8]);
  });
});
