import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";

/**
 * An environment deployed from an earlier commit has the resources of that commit's addresses in its
 * state. A resource whose address changed without a `moved` block would be planned as a destroy and a
 * create (for a security group or a VPC endpoint: an outage of the rotation). The record is the export of
 * infrastructure/terraform/ at commit c9e7f0d, the last before the layout of issue 10.
 * see: https://developer.hashicorp.com/terraform/language/moved
 */
const before = (
  JSON.parse(readFileSync(path.join(__dirname, "fixtures", "resource-addresses-c9e7f0d.json"), "utf8")) as {
    stacks: Record<string, string[]>;
  }
).stacks;

/**
 * Resources removed on purpose, with why no deployed environment loses anything. Nothing else may go.
 */
const operatorRole = {
  // The operator reads no secret since each namespace's SecretStore reads as its own workload (issue 13):
  // its IRSA role and policy go, and nothing else used them.
  "aws_iam_role.operator-role_C453F691": "the operator has no AWS identity of its own any more",
  "aws_iam_role_policy.operator-role_policy_F20579C8": "the operator has no AWS identity of its own any more",
};
const clusterStore = {
  // The one ClusterSecretStore let every listed namespace read every secret with the operator's role; each
  // namespace now has a SecretStore reading as its workload. Destroying it is the point.
  "kubernetes_manifest.cluster-secret-store": "replaced by a SecretStore per workload namespace",
};
const REMOVED_ON_PURPOSE: Record<string, Record<string, string>> = {
  ...Object.fromEntries(
    ["dev", "staging", "production"].flatMap((env) => [
      [`external-secrets-operator-${env}`, operatorRole],
      [`external-secrets-sync-${env}`, clusterStore],
    ]),
  ),
  "secrets-production": {
    // Issue 18: the migrations role reads the database secret alone (an inline policy), no longer the infra group.
    "aws_iam_role_policy_attachment.access-control_role-qualisys-production-ci-migrations_policy-0_3C3AB562":
      "the migrations role no longer reads the whole infra group",
  },
  "secrets-staging": {
    "aws_iam_role_policy_attachment.access-control_role-qualisys-staging-ci-migrations_policy-0_73F03E39":
      "the migrations role no longer reads the whole infra group",
    // Organization-trail mode put a metric filter on the organization's log group, which lives in another
    // account: PutMetricFilter fails with ResourceNotFoundException, so no state ever held it or its alarm.
    "aws_cloudwatch_log_metric_filter.security-alerts_denied-calls_F9850FDD":
      "never created: the log group is in another account",
    "aws_cloudwatch_metric_alarm.security-alerts_denied-calls-alarm_A79DE40D":
      "never created: it depended on the metric filter",
  },
};

let outdir: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "addresses-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});

interface StackJson {
  resource?: Record<string, Record<string, unknown>>;
  moved?: { from: string; to: string }[];
  removed?: { from: string; lifecycle?: { destroy?: boolean } }[];
}
const stackJson = (stack: string) =>
  JSON.parse(readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as StackJson;
const addresses = (json: StackJson) =>
  Object.entries(json.resource ?? {}).flatMap(([type, named]) => Object.keys(named).map((name) => `${type}.${name}`));

describe("resource addresses since the last deployable commit", () => {
  it.each(Object.keys(before))(
    "%s: every earlier address is still there, or moved within the stack to an address that exists",
    (stack) => {
      const json = stackJson(stack);
      const now = new Set(addresses(json));
      const moved = new Map((json.moved ?? []).map((m) => [m.from, m.to]));
      const removed = REMOVED_ON_PURPOSE[stack] ?? {};
      // A `removed` block that does not destroy leaves the resource in AWS (for another stack to own).
      const released = new Set((json.removed ?? []).filter((r) => r.lifecycle?.destroy === false).map((r) => r.from));
      const lost = before[stack]!.filter(
        (address) =>
          !now.has(address) &&
          !(moved.has(address) && now.has(moved.get(address)!)) &&
          !(address in removed) &&
          !released.has(address),
      );
      for (const address of Object.keys(removed))
        expect(now.has(address), `${address} is listed as removed`).toBe(false);
      expect(lost).toEqual([]);
      // and no moved block points at nothing, or starts from an address that still exists
      for (const [from, to] of moved) {
        expect(now.has(to), `moved to ${to}`).toBe(true);
        expect(now.has(from), `moved from ${from}, which still exists`).toBe(false);
      }
    },
  );

  it("releases the rule on the database's group where the database stack's client group admits the function, at its old and new addresses, without destroying it", () => {
    const released = Object.keys(before).flatMap((stack) =>
      (stackJson(stack).removed ?? []).map(
        (r) =>
          `${stack}: ${r.from.split(".")[1]!.replace(/_[0-9A-F]{8}$/, "")} destroy=${String(r.lifecycle?.destroy)}`,
      ),
    );
    expect(released.sort()).toEqual(
      ["secrets-staging", "secrets-production"]
        .flatMap((stack) =>
          ["rotation-network", "rotation-function"].map((at) => `${stack}: ${at}_database-ingress destroy=false`),
        )
        .sort(),
    );
  });

  it("moves the rotation function's network and endpoint, and nothing else", () => {
    const moved = Object.keys(before).flatMap((stack) =>
      (stackJson(stack).moved ?? []).map((m) => `${stack}: ${m.from.split(".")[1]!.replace(/_[0-9A-F]{8}$/, "")}`),
    );
    expect(moved.sort()).toEqual(
      [
        ...["secrets-dev", "secrets-staging", "secrets-production"].flatMap((stack) =>
          ["security-group", "egress-database", "egress-secrets-manager"].map(
            (id) => `${stack}: rotation-function_${id}`,
          ),
        ),
        // Only dev still adds the rule to the database's group (databaseAccess: "ingress-rule").
        "secrets-dev: rotation-function_database-ingress",
        ...["endpoint-security-group", "endpoint-ingress", "secretsmanager-endpoint"].map(
          (id) => `secrets-production: rotation-function_${id}`,
        ),
      ].sort(),
    );
  });
});
