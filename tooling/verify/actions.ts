/**
 * The opt-in actions of `npm run verify`, only where the configuration says `verifyWrites: true`: they write.
 * - `--rotate` (the story's Task 7.4): starts a rotation of each automatically rotated secret and waits
 *   until its new version is AWSCURRENT, then checks the value still has the catalog's fields.
 * - `--sync-check` (Task 7.3): writes a new version of the sync canary, forces its ExternalSecrets to
 *   refresh, waits until the Kubernetes Secret of each namespace holds the new value, then restores it.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { SYNC_CANARY_SECRET_NAME } from "../../catalog/qualisys-secrets";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { ESO_API_VERSION } from "../../kubernetes/eso-chart";
import { kubernetesSecretName } from "../../kubernetes/eso-manifests";
import { describeError, type AwsClients } from "./aws-clients";
import type { KubernetesApis } from "./kubernetes-checks";
import { rowOf, type CheckRow, type Finding } from "./report";
import { summarizeSecretString, valueFindings } from "./secret-values";

/** How long the actions wait, and how often they look. */
export interface Waits {
  readonly rotationMs: number;
  readonly syncMs: number;
  readonly pollMs: number;
}

/** Polls `done` until it returns a result or the time is up. */
async function waitFor<T>(
  done: () => Promise<T | undefined>,
  timeoutMs: number,
  pollMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await done();
    if (result !== undefined || Date.now() >= deadline) return result;
    await sleep(pollMs);
  }
}

/** T7.4: rotation end to end. */
export async function rotateAndWait(
  environment: ResolvedEnvironment,
  aws: AwsClients,
  waits: Waits,
): Promise<CheckRow> {
  const title = "Rotation end to end: RotateSecret, then the new version is AWSCURRENT with the catalog's fields";
  const findings: Finding[] = [];
  for (const definition of environment.catalog.filter((d) => d.rotation.kind === "automatic")) {
    const name = definition.name;
    try {
      const before = await aws.secretsManager.send(new DescribeSecretCommand({ SecretId: name }));
      const stages = Object.entries(before.VersionIdsToStages ?? {});
      const pending = stages.find(([, s]) => s.includes("AWSPENDING") && !s.includes("AWSCURRENT"));
      if (pending) {
        findings.push({
          outcome: "FAIL",
          evidence: `${name}: version ${pending[0]} is still AWSPENDING from an earlier rotation; see infrastructure/runbooks/failed-rotation.md before starting another`,
        });
        continue;
      }
      const started = Date.now();
      const { VersionId } = await aws.secretsManager.send(new RotateSecretCommand({ SecretId: before.ARN }));
      const current = await waitFor(
        async () => {
          const now = await aws.secretsManager.send(new DescribeSecretCommand({ SecretId: before.ARN }));
          return now.VersionIdsToStages?.[VersionId!]?.includes("AWSCURRENT") ? now : undefined;
        },
        waits.rotationMs,
        waits.pollMs,
      );
      if (!current) {
        findings.push({
          outcome: "FAIL",
          evidence: `${name}: version ${VersionId} not AWSCURRENT after ${Math.round(waits.rotationMs / 1000)} s; see the function's log group and infrastructure/runbooks/failed-rotation.md`,
        });
        continue;
      }
      const value = await aws.secretsManager.send(new GetSecretValueCommand({ SecretId: before.ARN }));
      const checks = valueFindings(
        definition,
        summarizeSecretString(value.SecretString, value.SecretBinary !== undefined),
      );
      findings.push(
        {
          outcome: "PASS",
          evidence: `${name}: rotated to version ${VersionId} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        },
        ...checks,
      );
    } catch (error) {
      findings.push({ outcome: "FAIL", evidence: `${name}: ${describeError(error)}` });
    }
  }
  return rowOf("T7.4", title, findings);
}

/** T7.3: a new value of the sync canary reaches every namespace it is synced to. */
export async function syncCheck(
  environment: ResolvedEnvironment,
  aws: AwsClients,
  kubernetes: KubernetesApis | undefined,
  unavailable: string | undefined,
  waits: Waits,
): Promise<CheckRow> {
  const title = "ExternalSecrets sync on secret update: a new canary value reaches the namespaces";
  const canary = environment.catalog.find((d) => d.name === SYNC_CANARY_SECRET_NAME);
  const deliveries = environment.accessModel.deliveries.filter((d) => d.secretName === SYNC_CANARY_SECRET_NAME);
  if (!canary || deliveries.length === 0) {
    return rowOf("T7.3", title, [
      {
        outcome: "FAIL",
        evidence: `${SYNC_CANARY_SECRET_NAME} is not in this environment's catalog or not synced: add syncCanarySecret() to additionalSecrets (config/example-environments.ts does for dev)`,
      },
    ]);
  }
  if (!kubernetes)
    return rowOf("T7.3", title, [{ outcome: "NOT CHECKED", evidence: `no Kubernetes access: ${unavailable}` }]);
  const [field, key] = Object.entries(canary.environmentVariables)[0]!;
  const findings: Finding[] = [];
  // The canary holds no credential: its value is a timestamp, so keeping it to restore it is harmless.
  const previous = (await aws.secretsManager.send(new GetSecretValueCommand({ SecretId: SYNC_CANARY_SECRET_NAME })))
    .SecretString;
  const written = new Date().toISOString();
  try {
    const started = Date.now();
    await aws.secretsManager.send(
      new PutSecretValueCommand({
        SecretId: SYNC_CANARY_SECRET_NAME,
        SecretString: JSON.stringify({ [field]: written }),
      }),
    );
    for (const { namespace } of deliveries)
      findings.push(await seenIn(kubernetes, { namespace, key, written, started }, waits));
  } catch (error) {
    findings.push({ outcome: "FAIL", evidence: describeError(error) });
  } finally {
    if (previous !== undefined) findings.push(await restored(aws, previous));
  }
  return rowOf("T7.3", title, findings);
}

/** Forces the namespace's ExternalSecret to sync, and waits until its Secret holds the new value. */
async function seenIn(
  kubernetes: KubernetesApis,
  write: { readonly namespace: string; readonly key: string; readonly written: string; readonly started: number },
  waits: Waits,
): Promise<Finding> {
  const { namespace, key, written, started } = write;
  const [group, version] = ESO_API_VERSION.split("/") as [string, string];
  const k8sName = kubernetesSecretName(SYNC_CANARY_SECRET_NAME);
  // Without this the value arrives within the ExternalSecret's refresh interval; see: https://external-secrets.io/latest/introduction/faq/
  await kubernetes.custom.patchNamespacedCustomObject(
    {
      group,
      version,
      namespace,
      plural: "externalsecrets",
      name: k8sName,
      body: { metadata: { annotations: { "force-sync": written } } },
    },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
  const seen = await waitFor(
    async () => {
      const secret = await kubernetes.core.readNamespacedSecret({ name: k8sName, namespace });
      return Buffer.from(secret.data?.[key] ?? "", "base64").toString("utf8") === written ? true : undefined;
    },
    waits.syncMs,
    waits.pollMs,
  );
  return seen
    ? {
        outcome: "PASS",
        evidence: `${namespace}/${k8sName}: ${key} has the new value after ${((Date.now() - started) / 1000).toFixed(1)} s`,
      }
    : {
        outcome: "FAIL",
        evidence: `${namespace}/${k8sName}: ${key} still has the old value after ${Math.round(waits.syncMs / 1000)} s (kubectl describe externalsecret -n ${namespace} ${k8sName})`,
      };
}

/** Puts the canary's previous value back. */
async function restored(aws: AwsClients, previous: string): Promise<Finding> {
  try {
    await aws.secretsManager.send(
      new PutSecretValueCommand({ SecretId: SYNC_CANARY_SECRET_NAME, SecretString: previous }),
    );
    return { outcome: "PASS", evidence: `${SYNC_CANARY_SECRET_NAME}: previous value restored` };
  } catch (error) {
    return {
      outcome: "FAIL",
      evidence: `${SYNC_CANARY_SECRET_NAME}: the previous value could not be restored (${describeError(error)})`,
    };
  }
}
