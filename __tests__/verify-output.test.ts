import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_PLACEHOLDER } from "../catalog/secret-catalog";
import { loadEsoModels } from "../kubernetes/eso-validation";
import { ADMINISTRATOR_ACCESS, secretValuesOf, type DeployedAccount } from "./helpers/deployed-account";
import { kubernetesValuesOf, readyCondition, recordedCluster, replay, type Replay } from "./helpers/kubernetes-replay";
import { deployedScenario, runVerify, type VerifyRun } from "./helpers/verify-run";

let running: Replay | undefined;
beforeAll(() => loadEsoModels());
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Variants of the account and cluster that make verify read, compare and report in every way it can. */
const VARIANTS: Record<string, (account: DeployedAccount) => void> = {
  healthy: () => undefined,
  "missing and extra fields": (account) => {
    const secret = account.secrets.get("qualisys/database/connection")!;
    const fields = JSON.parse(secret.value) as Record<string, unknown>;
    fields.extra = fields.password;
    delete fields.password;
    secret.value = JSON.stringify(fields);
  },
  "short key": (account) => {
    const secret = account.secrets.get("qualisys/jwt/signing-key")!;
    secret.value = JSON.stringify({ secret: "0f3a9c2b7d1e5a4f" + "c0ffee" + "b16b00b5" });
  },
  "not json": (account) => {
    account.secrets.get("qualisys/redis/connection")!.value =
      "auth_token=s3cr3t-redis-token-not-json, primary=redis.internal";
  },
  placeholder: (account) => {
    account.secrets.get("qualisys/llm/openai")!.value = JSON.stringify({ api_key: OPERATOR_PLACEHOLDER });
  },
  "not a reader": (account) => {
    account.caller = { arn: "arn:aws:sts::123456789012:assumed-role/Auditor/jane", identity: [ADMINISTRATOR_ACCESS] };
  },
};

describe("what npm run verify prints", () => {
  it("never contains a value it read, in either format, whatever it finds (rotation and sync checks included)", async () => {
    const printed: string[] = [];
    const values = new Set<string>();
    const remember = (run: VerifyRun, account: DeployedAccount, k8sValues: string[]) => {
      printed.push(run.out, run.err);
      for (const v of [...secretValuesOf(account), ...k8sValues]) values.add(v);
    };
    for (const [name, change] of Object.entries(VARIANTS)) {
      for (const format of [["--json"], []]) {
        const scenario = deployedScenario();
        change(scenario.account);
        const before = secretValuesOf(scenario.account);
        const cluster = recordedCluster(scenario.environment);
        if (name !== "healthy")
          (
            cluster.get("/apis/external-secrets.io/v1/namespaces/qualisys-api/externalsecrets/redis-connection")!
              .status as { conditions: unknown[] }
          ).conditions = [readyCondition(false, "ExternalSecret")];
        running = await replay(cluster, scenario.environment.kubernetes!.clusterName, () => undefined);
        const argv = name === "healthy" ? [...format, "--rotate", "--sync-check"] : format;
        const run = await runVerify(scenario.environment, scenario.account, argv, running.kubeConfig);
        await running.close();
        running = undefined;
        expect(run.code, `${name} ${format.join("")}: ${run.err}`).not.toBe(2);
        for (const v of before) values.add(v);
        // The Secrets' values, decoded and as the API returns them (base64).
        const k8s = kubernetesValuesOf(cluster);
        remember(run, scenario.account, [...k8s, ...k8s.map((v) => Buffer.from(v).toString("base64"))]);
      }
    }
    values.add("s3cr3t-redis-token-not-json");
    const output = printed.join("\n");
    // The scan looks at a real amount of output and a real number of values.
    expect(output.length).toBeGreaterThan(20_000);
    expect(values.size).toBeGreaterThan(100);
    expect([...values].filter((v) => output.includes(v))).toEqual([]);
  });
});
