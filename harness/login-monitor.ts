import { setTimeout as sleep } from "node:timers/promises";
import { logsIn, type PostgresServer } from "./postgres";

/** What the monitor needs to drive a rotation: the test harness, or the bench's driver of the bundled function. */
export interface RotationDriver {
  readonly pg: PostgresServer;
  version(arn: string, stage: string): Promise<Record<string, unknown>>;
  startRotation(arn: string): Promise<string>;
  step(arn: string, token: string, step: string): Promise<void>;
}

/** One round of the monitor: did each kind of client log in, and when (ms since the rotation began). */
export interface LoginSample {
  readonly atMs: number;
  /** With the credentials an application held before the rotation started. */
  readonly held: boolean;
  /** With AWSCURRENT read fresh from Secrets Manager at this attempt (what a re-reading client gets). */
  readonly fresh: boolean;
}

/** What a rotation cost the clients. */
export interface DowntimeReport {
  readonly samples: readonly LoginSample[];
  readonly heldFailures: number;
  readonly freshFailures: number;
  /** From the first to the last failed fresh login (0 when none failed), in ms. */
  readonly freshWindowMs: number;
  /** From the end of setSecret to the end of finishSecret: while it lasts the database has the new password and AWSCURRENT the old. */
  readonly setToFinishMs: number;
  /** When each step finished, in ms since the rotation began. */
  readonly stepsDoneAtMs: Readonly<Record<string, number>>;
}

/**
 * Runs a full rotation of `arn` while logging in every `intervalMs` with the credentials held before
 * it started and with AWSCURRENT read fresh at each attempt, and counts the failed logins.
 * `gapMs` waits between the steps, as Secrets Manager's separate invocations do.
 */
export async function rotateWhileLoggingIn(
  h: RotationDriver,
  arn: string,
  options: { intervalMs?: number; gapMs?: number } = {},
): Promise<DowntimeReport> {
  const intervalMs = options.intervalMs ?? 50;
  const gapMs = options.gapMs ?? 0;
  const held = await h.version(arn, "AWSCURRENT");
  const samples: LoginSample[] = [];
  const started = performance.now();
  let running = true;
  const monitor = (async () => {
    while (running) {
      const atMs = performance.now() - started;
      const fresh = await h.version(arn, "AWSCURRENT");
      const [heldOk, freshOk] = await Promise.all([
        logsIn(h.pg, String(held.username), String(held.password)),
        logsIn(h.pg, String(fresh.username), String(fresh.password)),
      ]);
      samples.push({ atMs, held: heldOk, fresh: freshOk });
      await sleep(intervalMs);
    }
  })();
  const stepsDoneAtMs: Record<string, number> = {};
  try {
    const token = await h.startRotation(arn);
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"]) {
      await sleep(gapMs);
      await h.step(arn, token, step);
      stepsDoneAtMs[step] = performance.now() - started;
    }
    await sleep(Math.max(gapMs, 2 * intervalMs)); // a few samples after the rotation
  } finally {
    running = false;
    await monitor;
  }
  const failedFresh = samples.filter((s) => !s.fresh);
  return {
    samples,
    heldFailures: samples.filter((s) => !s.held).length,
    freshFailures: failedFresh.length,
    freshWindowMs: failedFresh.length === 0 ? 0 : failedFresh[failedFresh.length - 1]!.atMs - failedFresh[0]!.atMs,
    setToFinishMs: stepsDoneAtMs.finishSecret! - stepsDoneAtMs.setSecret!,
    stepsDoneAtMs,
  };
}
