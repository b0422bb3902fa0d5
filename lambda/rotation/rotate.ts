import type { RotationConfig } from "./config";
import type { Database } from "./database";
import { ROTATION_STEPS, RotationError, RotationStateError, type RotationStep } from "./errors";
import type { Logger } from "./log";
import type { DatabaseDirectory } from "./rds";
import { AWSCURRENT, AWSPENDING, type SecretsStore } from "./secrets";
import { createSecret, finishSecret, setSecret, testSecret, type StepContext, type StepResult } from "./steps";

/** The event Secrets Manager sends for each step. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
}

/** What a rotation needs from outside: clients, configuration and the logger. */
export interface RotationDependencies {
  readonly store: SecretsStore;
  readonly db: Database;
  readonly config: RotationConfig;
  readonly logger: Logger;
  /** RDS, for the endpoint of an RDS-managed master secret. */
  readonly directory: DatabaseDirectory;
}

const STEPS: Record<RotationStep, (ctx: StepContext) => Promise<StepResult>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};

function checkEvent(event: RotationEvent): RotationStep {
  const id = typeof event?.SecretId === "string" && event.SecretId !== "" ? event.SecretId : "(no SecretId)";
  if (id === "(no SecretId)")
    throw new RotationStateError(
      "guard",
      id,
      "the event has no SecretId; expected { SecretId, ClientRequestToken, Step }",
    );
  if (typeof event.ClientRequestToken !== "string" || event.ClientRequestToken === "") {
    throw new RotationStateError(
      "guard",
      id,
      "the event has no ClientRequestToken; expected { SecretId, ClientRequestToken, Step }",
    );
  }
  if (!ROTATION_STEPS.includes(event.Step as RotationStep)) {
    throw new RotationStateError(
      "guard",
      id,
      `the event's Step is ${JSON.stringify(event.Step)}; expected one of ${ROTATION_STEPS.join(", ")}`,
    );
  }
  return event.Step as RotationStep;
}

/**
 * Runs one step of a rotation, after the guards of the protocol: rotation must be enabled, the token
 * must be a version of the secret, a token that is already AWSCURRENT needs nothing, and a token
 * that is not AWSPENDING fails. Logs one JSON line for the invocation, whatever its outcome.
 */
export async function rotate(event: RotationEvent, deps: RotationDependencies): Promise<void> {
  const started = Date.now();
  let step: RotationStep | undefined;
  let arn = typeof event?.SecretId === "string" ? event.SecretId : undefined;
  let result: StepResult | undefined;
  try {
    step = checkEvent(event);
    const token = event.ClientRequestToken;
    const metadata = await deps.store.describe(event.SecretId);
    arn = metadata.arn;
    // As AWS's reference functions: only an explicit false refuses (DescribeSecret may leave the field out).
    if (metadata.rotationEnabled === false)
      throw new RotationStateError("guard", arn, "rotation is not enabled for the secret");
    const stages = metadata.versionIdsToStages[token];
    if (!stages) throw new RotationStateError("guard", arn, `version ${token} is not a version of the secret`);
    if (stages.includes(AWSCURRENT)) {
      result = { outcome: "skipped" }; // already rotated in: nothing to do
    } else if (!stages.includes(AWSPENDING)) {
      throw new RotationStateError(
        "guard",
        arn,
        `version ${token} is not staged ${AWSPENDING} (its stages: ${stages.join(", ") || "none"})`,
      );
    } else {
      try {
        result = await STEPS[step]({
          arn,
          token,
          metadata,
          store: deps.store,
          db: deps.db,
          config: deps.config,
          directory: deps.directory,
        });
      } catch (error) {
        if (error instanceof RotationError) throw error;
        throw new RotationError(step, arn, (error as Error)?.message ?? String(error), { cause: error });
      }
    }
    deps.logger.log({
      level: "info",
      message: `${step} ${result.outcome}`,
      secretArn: arn,
      token,
      step,
      strategy: result.strategy,
      outcome: result.outcome,
      durationMs: Date.now() - started,
    });
  } catch (error) {
    const e = error as Error;
    deps.logger.log({
      level: "error",
      message: `${step ?? "rotation"} failed`,
      secretArn: arn,
      token: typeof event?.ClientRequestToken === "string" ? event.ClientRequestToken : undefined,
      step: step ?? (typeof event?.Step === "string" ? event.Step : undefined),
      outcome: "failed",
      durationMs: Date.now() - started,
      errorName: e?.name,
      errorMessage: e?.message,
    });
    throw error;
  }
}
