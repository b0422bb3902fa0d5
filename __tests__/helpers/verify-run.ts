/**
 * Runs `npm run verify`'s command against a deployed account (deployed-account.ts) and, optionally, a
 * Kubernetes API replay (kubernetes-replay.ts), capturing everything it prints.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { syncCanarySecret } from "../../catalog/qualisys-secrets";
import type { EnvironmentConfig, ResolvedEnvironment } from "../../config/environment-config";
import { runVerifyCommand } from "../../tooling/verify/command";
import type { CheckRow } from "../../tooling/verify/report";
import { deployedAccount, mockAccount, type DeployedAccount } from "./deployed-account";
import { resolveTestEnvironment, synthSecretsStack, testWorkloadAccess, type TerraformJson } from "./stacks";

/** The time every run pretends it is. */
export const NOW = new Date("2026-11-30T12:00:00Z");

/** A small environment named dev, with a cluster and the sync canary, where verify may write. */
export function verifiedEnvironmentConfig(overrides: Partial<EnvironmentConfig> = {}): Partial<EnvironmentConfig> {
  return {
    name: "dev",
    access: testWorkloadAccess(),
    kubernetes: {
      clusterName: "qualisys-test",
      workloads: { api: { namespace: "qualisys-api" }, "ai-agent": { namespace: "qualisys-agents" } },
    },
    additionalSecrets: [syncCanarySecret()],
    verifyWrites: true,
    ...overrides,
  };
}

/** Synthesized secrets stacks by configuration: the account is built afresh each time, the stack once. */
const synthesized = new Map<string, TerraformJson>();

/** The environment and the healthy account its synthesized secrets stack describes (a fresh, mutable account each call). */
export function deployedScenario(overrides: Partial<EnvironmentConfig> = {}): {
  environment: ResolvedEnvironment;
  account: DeployedAccount;
} {
  const config = verifiedEnvironmentConfig(overrides);
  const key = JSON.stringify(config);
  let json = synthesized.get(key);
  if (!json) {
    json = synthSecretsStack(config).json;
    synthesized.set(key, json);
  }
  const environment = resolveTestEnvironment(config);
  return { environment, account: deployedAccount(environment, json, NOW) };
}

/** What one run printed and returned. */
export interface VerifyRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** The rows, when the run printed JSON. */
  readonly rows: CheckRow[];
  /** The Secrets Manager calls it made, by command name. */
  readonly secretsManagerCalls: string[];
}

/** Runs the command with the account mocked; `kubeConfig` defaults to one without contexts. */
export async function runVerify(
  environment: ResolvedEnvironment,
  account: DeployedAccount,
  argv: readonly string[] = ["--json"],
  kubeConfig: KubeConfig = new KubeConfig(),
): Promise<VerifyRun> {
  const mocks = mockAccount(account);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runVerifyCommand(["--environment", environment.name, ...argv], {
      environments: [environment],
      kubeConfig: () => kubeConfig,
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      now: NOW,
      waits: { rotationMs: 2000, syncMs: 2000, pollMs: 5 },
    });
    const printed = out.join("\n");
    const rows = argv.includes("--json") && code !== 2 ? (JSON.parse(printed) as { rows: CheckRow[] }).rows : [];
    const secretsManagerCalls = mocks.secretsManager.calls().map((call) => (call.args[0] as object).constructor.name);
    return { code, out: printed, err: err.join("\n"), rows, secretsManagerCalls };
  } finally {
    mocks.restore();
  }
}

/** The row of a criterion. */
export function rowOf(run: VerifyRun, id: string): CheckRow {
  const row = run.rows.find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id} in ${run.out}${run.err}`);
  return row;
}
