import { describe, expect, it } from "vitest";
import { rotateWhileLoggingIn } from "../helpers/login-monitor";
import { RotationHarness } from "../helpers/rotation-harness";

const h = RotationHarness.setup();

/** A superuser secret (CREATEROLE, as RDS's master user) for the alternating strategy. */
async function masterSecret(): Promise<string> {
  const admin = RotationHarness.roleName("admin");
  const password = `admin-${RotationHarness.roleName()}`;
  await h.createRole(admin, password, { createRole: true });
  return h.createSecret(`qualisys/database/${admin}`, h.secretJson(admin, password));
}

// Logins every 50 ms during a full rotation, with a pause between the steps as Secrets Manager's
// separate invocations have, so that every stage of the rotation is sampled.
describe("logins during a rotation", () => {
  it("alternating users: no login fails, neither with the credentials held before nor with AWSCURRENT read fresh", async () => {
    const { arn } = await h.databaseSecret({ masterarn: await masterSecret() });
    const report = await rotateWhileLoggingIn(h, arn, { intervalMs: 50, gapMs: 150 });
    // every stage of the rotation was sampled: before each step finished, and after the last
    const marks = [0, ...Object.values(report.stepsDoneAtMs), Infinity];
    for (let i = 1; i < marks.length; i++)
      expect(
        report.samples.some((s) => s.atMs >= marks[i - 1]! && s.atMs < marks[i]!),
        `a sample before mark ${i}`,
      ).toBe(true);
    expect({ held: report.heldFailures, fresh: report.freshFailures }).toEqual({ held: 0, fresh: 0 });
    // and a second rotation (back to the first user) breaks nothing either
    const second = await rotateWhileLoggingIn(h, arn, { intervalMs: 50, gapMs: 150 });
    expect({ held: second.heldFailures, fresh: second.freshFailures }).toEqual({ held: 0, fresh: 0 });
  });

  it("single user: held credentials fail from setSecret on, and fresh reads fail only between setSecret and finishSecret", async () => {
    const { arn } = await h.databaseSecret();
    const report = await rotateWhileLoggingIn(h, arn, { intervalMs: 50, gapMs: 150 });
    const { setSecret, finishSecret } = report.stepsDoneAtMs as { setSecret: number; finishSecret: number };
    // The old password is dead once setSecret changed it: a pod that does not re-read fails until it restarts.
    expect(report.samples.filter((s) => s.atMs > setSecret).every((s) => !s.held)).toBe(true);
    expect(report.samples.filter((s) => s.atMs < setSecret - 60).every((s) => s.held)).toBe(true);
    // A client that re-reads AWSCURRENT fails only while the database has the new password and AWSCURRENT the old one.
    expect(report.freshFailures).toBeGreaterThan(0);
    for (const sample of report.samples.filter((s) => !s.fresh)) {
      expect(sample.atMs).toBeGreaterThan(setSecret - 60);
      expect(sample.atMs).toBeLessThan(finishSecret + 60);
    }
  });
});
