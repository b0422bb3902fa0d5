import { describe, expect, it } from "vitest";
import { logsIn } from "../../harness/postgres";
import { RotationHarness } from "../helpers/rotation-harness";

const h = RotationHarness.setup();

/** A superuser secret (CREATEROLE, as RDS's master user) for the alternating strategy. */
async function masterSecret(): Promise<string> {
  const admin = RotationHarness.roleName("admin");
  const password = `admin-${RotationHarness.roleName()}`;
  await h.createRole(admin, password, { createRole: true });
  return h.createSecret(`qualisys/database/${admin}`, h.secretJson(admin, password));
}

const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
type Phase = "before" | (typeof STEPS)[number];

/**
 * One rotation, step by step, with a login at every state the database and the secret can be in:
 * before the first step and after each one (a step's database change is one statement, so nothing
 * in between is visible to a client). Two clients: one holding the credentials it read before the
 * rotation (a pod that has not refreshed yet), one reading AWSCURRENT afresh (a pod that just did).
 * No timers: the bench measures how long each phase lasts.
 */
async function loginsByPhase(arn: string): Promise<Record<Phase, { held: boolean; fresh: boolean }>> {
  const held = await h.version(arn, "AWSCURRENT");
  const login = async () => ({
    held: await logsIn(h.pg, String(held.username), String(held.password)),
    fresh: await h.versionLogsIn(arn, "AWSCURRENT"),
  });
  const phases = { before: await login() } as Record<Phase, { held: boolean; fresh: boolean }>;
  const token = await h.startRotation(arn);
  for (const step of STEPS) {
    await h.step(arn, token, step);
    phases[step] = await login();
  }
  return phases;
}

describe("logins during a rotation, at every state between its steps", () => {
  it("alternating users: no login fails, neither with the credentials held before nor with AWSCURRENT read fresh, at the first and the next rotations", async () => {
    const { arn } = await h.databaseSecret({ masterarn: await masterSecret() });
    for (const rotation of [1, 2, 3]) {
      const phases = await loginsByPhase(arn);
      const failed = Object.entries(phases).filter(([, p]) => !p.held || !p.fresh);
      expect(failed, `rotation ${rotation}`).toEqual([]);
    }
  });

  it("single user: held credentials fail from setSecret on, and fresh reads fail only between setSecret and finishSecret", async () => {
    const { arn } = await h.databaseSecret();
    const phases = await loginsByPhase(arn);
    // The old password is dead once setSecret changed it: a pod that does not re-read fails until it restarts.
    expect(Object.fromEntries(Object.entries(phases).map(([phase, p]) => [phase, p.held]))).toEqual({
      before: true,
      createSecret: true,
      setSecret: false,
      testSecret: false,
      finishSecret: false,
    });
    // A client that re-reads AWSCURRENT fails only while the database has the new password and AWSCURRENT the old one.
    expect(Object.fromEntries(Object.entries(phases).map(([phase, p]) => [phase, p.fresh]))).toEqual({
      before: true,
      createSecret: true,
      setSecret: false,
      testSecret: false,
      finishSecret: true,
    });
  });
});
