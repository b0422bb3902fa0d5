import type { ValidateFunction } from "ajv";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ESO_NAMESPACE } from "../kubernetes/eso-chart";
import { loadEsoModels } from "../kubernetes/eso-validation";
import { esoSchemaValidators } from "./helpers/eso-schemas";
import {
  esoObjectsOf,
  readyCondition,
  recordedCluster,
  replay,
  type RecordedCluster,
  type Replay,
} from "./helpers/kubernetes-replay";
import { deployedScenario, rowOf, runVerify } from "./helpers/verify-run";

let validators: Record<string, ValidateFunction>;
let running: Replay | undefined;

beforeAll(async () => {
  await loadEsoModels();
  // ESO 2.9.0's CRD schemas, read from the shared folder and compiled as its README says.
  validators = esoSchemaValidators();
});

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The recorded ESO objects are valid ESO 2.9.0 v1 objects, status included. */
function expectValidEsoObjects(cluster: RecordedCluster): void {
  const objects = esoObjectsOf(cluster);
  expect(objects.length).toBeGreaterThan(0);
  for (const object of objects) {
    const validate = validators[object.kind]!;
    expect(
      validate(object),
      `${object.kind} ${object.metadata.namespace}/${object.metadata.name}: ${JSON.stringify(validate.errors)}`,
    ).toBe(true);
  }
}

/** Runs verify against a replay of the cluster. */
async function verifyWith(cluster: RecordedCluster, scenario = deployedScenario()) {
  running = await replay(cluster, scenario.environment.kubernetes!.clusterName);
  return {
    run: await runVerify(scenario.environment, scenario.account, ["--json"], running.kubeConfig),
    requests: running.requests,
  };
}

const path = (namespace: string, plural: string, name: string) =>
  `/apis/external-secrets.io/v1/namespaces/${namespace}/${plural}/${name}`;

describe("npm run verify against the cluster (recorded ESO 2.9.0 objects)", () => {
  it("passes AC8 and AC9 when the operator runs and every ExternalSecret is synced with its keys", async () => {
    const { environment } = deployedScenario();
    const cluster = recordedCluster(environment);
    expectValidEsoObjects(cluster);
    const { run, requests } = await verifyWith(cluster);
    expect(rowOf(run, "AC8")).toMatchObject({
      outcome: "PASS",
      evidence: expect.arrayContaining([
        "deployment external-secrets: chart external-secrets-2.9.0, 1/1 ready",
        expect.stringMatching(/^3 pods Ready; images /),
      ]),
    });
    const ac9 = rowOf(run, "AC9");
    expect(ac9.outcome).toBe("PASS");
    expect(ac9.evidence).toContain(
      "qualisys-api/database-connection: Ready (SecretSynced), refreshed 2026-11-30T11:00:07Z; Secret database-connection has DATABASE_HOST, DATABASE_NAME, DATABASE_PASSWORD, DATABASE_PORT, DATABASE_URL, DATABASE_USER",
    );
    expect(ac9.evidence).toHaveLength(environment.accessModel.deliveries.length);
    expect(run.code).toBe(0);
    // It chose the context named after the cluster, not the current one, and asked only for what it needs.
    expect(requests).toEqual(
      expect.arrayContaining([
        `GET /apis/apps/v1/namespaces/${ESO_NAMESPACE}/deployments`,
        "GET /api/v1/namespaces/qualisys-agents/secrets/llm-openai",
      ]),
    );
    expect(requests.every((r) => r.startsWith("GET "))).toBe(true);
  });

  it("fails AC9 when an ExternalSecret cannot sync, its store is not valid, or the Secret lacks a key", async () => {
    const { environment } = deployedScenario();
    const cluster = recordedCluster(environment);
    (
      cluster.get(path("qualisys-agents", "externalsecrets", "llm-openai"))!.status as { conditions: unknown[] }
    ).conditions = [readyCondition(false, "ExternalSecret")];
    (
      cluster.get(path("qualisys-agents", "secretstores", "aws-secrets-manager"))!.status as { conditions: unknown[] }
    ).conditions = [readyCondition(false, "SecretStore")];
    delete (cluster.get("/api/v1/namespaces/qualisys-api/secrets/redis-connection")!.data as Record<string, string>)
      .REDIS_AUTH_TOKEN;
    cluster.delete(path("qualisys-api", "externalsecrets", "oauth-google"));
    expectValidEsoObjects(cluster);
    const { run } = await verifyWith(cluster);
    expect(rowOf(run, "AC9")).toMatchObject({
      outcome: "FAIL",
      evidence: expect.arrayContaining([
        "FAIL: qualisys-agents/SecretStore aws-secrets-manager: not Ready (InvalidProviderConfig: unable to validate store)",
        "FAIL: qualisys-agents/llm-openai: not Ready (SecretSyncedError: could not get secret data from provider)",
        "FAIL: qualisys-api/redis-connection: Secret redis-connection keys differ; missing REDIS_AUTH_TOKEN",
        "FAIL: qualisys-api/oauth-google: HTTP 404: the server could not find the requested resource (/apis/external-secrets.io/v1/namespaces/qualisys-api/externalsecrets/oauth-google)",
      ]),
    });
    expect(run.code).toBe(1);
  });

  it("fails AC8 when a deployment is of another chart version or not ready, or a pod is not Ready", async () => {
    const { environment } = deployedScenario();
    const cluster = recordedCluster(environment);
    const deployments = cluster.get(`/apis/apps/v1/namespaces/${ESO_NAMESPACE}/deployments`)!.items as {
      metadata: { labels: Record<string, string> };
      status: { readyReplicas: number };
    }[];
    deployments[0]!.metadata.labels["helm.sh/chart"] = "external-secrets-0.9.20";
    deployments[1]!.status.readyReplicas = 0;
    const pods = cluster.get(`/api/v1/namespaces/${ESO_NAMESPACE}/pods`)!.items as {
      metadata: { name: string };
      status: { phase: string; conditions: { type: string; status: string }[] };
    }[];
    pods[2]!.status = { phase: "Pending", conditions: [{ type: "Ready", status: "False" }] };
    const { run } = await verifyWith(cluster);
    expect(rowOf(run, "AC8")).toMatchObject({
      outcome: "FAIL",
      evidence: expect.arrayContaining([
        "FAIL: deployment external-secrets: chart external-secrets-0.9.20, expected external-secrets-2.9.0",
        "FAIL: deployment external-secrets-webhook: 0/1 replicas ready",
        `FAIL: pods not Ready: ${pods[2]!.metadata.name} (Pending)`,
      ]),
    });
  });

  it("does not check the cluster rows, and says why, when the cluster cannot be reached", async () => {
    const scenario = deployedScenario();
    running = await replay(recordedCluster(scenario.environment), scenario.environment.kubernetes!.clusterName);
    const run = await runVerify(
      scenario.environment,
      scenario.account,
      ["--json", "--context", "kind-local"],
      running.kubeConfig,
    );
    expect(rowOf(run, "AC8")).toMatchObject({
      outcome: "NOT CHECKED",
      evidence: [
        expect.stringMatching(
          /^NOT CHECKED: the cluster could not be read \(context kind-local \(http:\/\/127\.0\.0\.1:9\)\): /,
        ),
      ],
    });
    const unknown = await runVerify(
      scenario.environment,
      scenario.account,
      ["--json", "--context", "nope"],
      running.kubeConfig,
    );
    expect(unknown).toMatchObject({
      code: 2,
      err: expect.stringContaining('--context: no context "nope" in the kubeconfig'),
    });
  });

  it("T7.3: --sync-check writes a new canary value, sees it reach the namespace's Secret, then restores the old value", async () => {
    const scenario = deployedScenario();
    const cluster = recordedCluster(scenario.environment);
    const before = scenario.account.secrets.get("qualisys/integrations/sync-canary")!.value;
    // ESO, on a changed annotation: reads the secret's current value and writes the Secret.
    running = await replay(cluster, scenario.environment.kubernetes!.clusterName, (externalSecretPath) => {
      expect(externalSecretPath).toBe(path("qualisys-api", "externalsecrets", "integrations-sync-canary"));
      const current = JSON.parse(scenario.account.secrets.get("qualisys/integrations/sync-canary")!.value) as {
        written_at: string;
      };
      (
        cluster.get("/api/v1/namespaces/qualisys-api/secrets/integrations-sync-canary")!.data as Record<string, string>
      ).SYNC_CANARY_WRITTEN_AT = Buffer.from(current.written_at).toString("base64");
    });
    const run = await runVerify(scenario.environment, scenario.account, ["--json", "--sync-check"], running.kubeConfig);
    expect(rowOf(run, "T7.3")).toMatchObject({
      outcome: "PASS",
      evidence: [
        expect.stringMatching(
          /^qualisys-api\/integrations-sync-canary: SYNC_CANARY_WRITTEN_AT has the new value after \d+\.\d s$/,
        ),
        "qualisys/integrations/sync-canary: previous value restored",
      ],
    });
    expect(scenario.account.writes.map((w) => w.secretName)).toEqual([
      "qualisys/integrations/sync-canary",
      "qualisys/integrations/sync-canary",
    ]);
    expect(scenario.account.secrets.get("qualisys/integrations/sync-canary")!.value).toBe(before);
    expect(running.requests).toContain(`PATCH ${path("qualisys-api", "externalsecrets", "integrations-sync-canary")}`);
  });

  it("T7.3 fails, and still restores the canary, when the new value never arrives", async () => {
    const scenario = deployedScenario();
    const cluster = recordedCluster(scenario.environment);
    running = await replay(cluster, scenario.environment.kubernetes!.clusterName);
    const run = await runVerify(scenario.environment, scenario.account, ["--json", "--sync-check"], running.kubeConfig);
    expect(rowOf(run, "T7.3")).toMatchObject({
      outcome: "FAIL",
      evidence: [
        expect.stringContaining("SYNC_CANARY_WRITTEN_AT still has the old value after 2 s"),
        "qualisys/integrations/sync-canary: previous value restored",
      ],
    });
    expect(run.code).toBe(1);
  });
});
