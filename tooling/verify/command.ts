/**
 * The `npm run verify` command: arguments, the environment, the clients, the report and the exit code,
 * with everything it prints going through `out` and `err` (so that the tests see all of it).
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { awsClients, describeError, type AwsClients } from "./aws-clients";
import { kubernetesApis, type KubernetesApis } from "./kubernetes-checks";
import { exitCodeOf, renderJson, renderText } from "./report";
import { verifyEnvironment, VerifyError } from "./verify";
import { rotateAndWait, syncCheck } from "./actions";

/** What the command runs against; the CLI passes the real ones, the tests theirs. */
export interface VerifyCommandDependencies {
  /** The environments it may verify (the example environments). */
  readonly environments: readonly ResolvedEnvironment[];
  /**
   * The AWS clients for a region.
   * @default - the SDK's, with the caller's credentials
   */
  readonly aws?: (region: string) => AwsClients;
  /**
   * The kubeconfig.
   * @default - KUBECONFIG or ~/.kube/config
   */
  readonly kubeConfig?: () => KubeConfig;
  /** Where the report goes. */
  readonly out: (text: string) => void;
  /** Where errors go. */
  readonly err: (text: string) => void;
  /**
   * The time of the run.
   * @default - now
   */
  readonly now?: Date;
  /**
   * How long the opt-in actions wait, and how often they look.
   * @default - 15 minutes for a rotation, 10 for a sync, every 10 seconds
   */
  readonly waits?: { readonly rotationMs: number; readonly syncMs: number; readonly pollMs: number };
}

const OPTIONS = {
  environment: { type: "string" },
  json: { type: "boolean", default: false },
  rotate: { type: "boolean", default: false },
  "sync-check": { type: "boolean", default: false },
  context: { type: "string" },
} as const;

const USAGE =
  "usage: npm run verify -- --environment <name> [--json] [--context <kubeconfig context>] [--rotate] [--sync-check]";

const HELP = `${USAGE}

Checks the story's acceptance criteria AC1-AC12 against a deployed environment with your AWS credentials
and kubeconfig, one PASS / FAIL / NOT CHECKED row each, with evidence and never a value.
  --environment <name>  the example environment to verify (required)
  --json                the rows as JSON
  --context <ctx>       the kubeconfig context (default: the one of the environment's cluster)
  --rotate              rotate the database secret and wait for the new version (where verifyWrites allows)
  --sync-check          prove a new value reaches Kubernetes through the sync canary (where verifyWrites allows)
Exit code: 0 every row PASS or NOT CHECKED, 1 a row FAIL, 2 verify could not run.`;

type Values = {
  environment?: string;
  json: boolean;
  rotate: boolean;
  "sync-check": boolean;
  context?: string;
  help?: boolean;
};

/** Runs the command; returns the exit code (0 all passed or not checked, 1 a criterion failed, 2 it could not run). */
export async function runVerifyCommand(argv: readonly string[], deps: VerifyCommandDependencies): Promise<number> {
  const values = parsed(argv, deps);
  if (typeof values === "number") return values;
  const environment = chosenEnvironment(values, deps);
  if (typeof environment === "number") return environment;
  const cluster = connected(environment, values, deps);
  if (typeof cluster === "number") return cluster;
  const { kubernetes, unavailable: kubernetesUnavailable } = cluster;
  const aws = (deps.aws ?? awsClients)(environment.region);
  const waits = deps.waits ?? { rotationMs: 15 * 60_000, syncMs: 10 * 60_000, pollMs: 10_000 };
  try {
    const report = await verifyEnvironment(
      { environment, aws, kubernetes, kubernetesUnavailable, now: deps.now },
      async () => [
        ...(values.rotate ? [await rotateAndWait(environment, aws, waits)] : []),
        ...(values["sync-check"] ? [await syncCheck(environment, aws, kubernetes, kubernetesUnavailable, waits)] : []),
      ],
    );
    deps.out(values.json ? renderJson(report) : renderText(report));
    return exitCodeOf(report);
  } catch (error) {
    const hint =
      error instanceof Error && error.name === "CredentialsProviderError"
        ? " (sign in first: aws sso login, or set AWS_PROFILE to the environment's account)"
        : "";
    deps.err(error instanceof VerifyError ? error.message : `verify could not run: ${describeError(error)}${hint}`);
    return 2;
  }
}

/** The options, or the exit code after printing the help (0) or what is wrong (2). */
function parsed(argv: readonly string[], deps: VerifyCommandDependencies): Values | number {
  let values: Values;
  try {
    values = parseArgs({
      args: [...argv],
      options: { ...OPTIONS, help: { type: "boolean", short: "h" } },
      allowPositionals: false,
    }).values;
  } catch (error) {
    deps.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    deps.out(HELP);
    return 0;
  }
  return values;
}

/** The environment asked for, where the writes asked for are allowed; or exit code 2 with why. */
function chosenEnvironment(values: Values, deps: VerifyCommandDependencies): ResolvedEnvironment | number {
  const names = deps.environments.map((e) => e.name);
  const environment = deps.environments.find((e) => e.name === values.environment);
  if (!environment) {
    deps.err(
      `--environment: ${values.environment === undefined ? "required" : `no environment named ${JSON.stringify(values.environment)}`} (one of ${names.join(", ")})\n${USAGE}`,
    );
    return 2;
  }
  const writes = [values.rotate && "--rotate", values["sync-check"] && "--sync-check"].filter(Boolean);
  if (writes.length > 0 && !environment.verifyWrites) {
    deps.err(
      `${writes.join(" and ")}: environment ${environment.name} is verified read-only (these write new secret versions; verifyWrites: true in its configuration allows them, as dev's and staging's do)`,
    );
    return 2;
  }
  return environment;
}

/** The cluster's APIs, or why there are none (a row says so); exit code 2 when a named context is wrong. */
function connected(
  environment: ResolvedEnvironment,
  values: Values,
  deps: VerifyCommandDependencies,
): { kubernetes?: KubernetesApis; unavailable?: string } | number {
  if (!environment.kubernetes) return {};
  try {
    const config = deps.kubeConfig ? deps.kubeConfig() : defaultKubeConfig();
    if (config.getContexts().length === 0)
      return {
        unavailable: `no kubeconfig context (aws eks update-kubeconfig --name ${environment.kubernetes.clusterName} writes one)`,
      };
    const { partition, region, accountId } = environment;
    const name = environment.kubernetes.clusterName;
    return {
      kubernetes: kubernetesApis(
        config,
        { name, arn: `arn:${partition}:eks:${region}:${accountId}:cluster/${name}` },
        values.context,
      ),
    };
  } catch (error) {
    if (values.context !== undefined) {
      deps.err(describeError(error));
      return 2;
    }
    return { unavailable: describeError(error) };
  }
}

/**
 * KUBECONFIG or ~/.kube/config; an empty configuration when there is neither (client-node would otherwise
 * fall back to http://localhost:8080, and the rows would blame a cluster that was never configured).
 */
function defaultKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  const files = (process.env.KUBECONFIG ?? path.join(os.homedir(), ".kube", "config"))
    .split(path.delimiter)
    .filter(Boolean);
  if (files.some((file) => existsSync(file))) config.loadFromDefault();
  return config;
}
