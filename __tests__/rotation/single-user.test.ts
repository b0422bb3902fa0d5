import { describe, expect, it } from "vitest";
import { RotationHarness } from "../helpers/rotation-harness";
import { logsIn } from "../../harness/postgres";

const h = RotationHarness.setup();

describe("single-user rotation against a real PostgreSQL", () => {
  it("changes the database password to the new AWSCURRENT value and keeps the old version as AWSPREVIOUS", async () => {
    // Given a secret whose credentials log in
    const { arn, username, password: oldPassword } = await h.databaseSecret();
    const before = await h.version(arn, "AWSCURRENT");

    // When the four steps run
    const token = await h.rotate(arn);

    // Then AWSCURRENT is the token's version, with a new password that logs in
    const current = await h.version(arn, "AWSCURRENT");
    expect(h.sm.stages(arn)[token]).toEqual(["AWSCURRENT", "AWSPENDING"]);
    expect(current.password).not.toBe(oldPassword);
    expect(await logsIn(h.pg, username, String(current.password))).toBe(true);
    // and the old password no longer does
    expect(await logsIn(h.pg, username, oldPassword)).toBe(false);
    // and AWSPREVIOUS holds the old version
    expect(await h.version(arn, "AWSPREVIOUS")).toEqual(before);
    // and connection_string matches the new password, every other field kept
    expect(current.connection_string).toBe(
      `postgresql://${username}:${encodeURIComponent(String(current.password))}@${h.pg.host}:${h.pg.port}/postgres`,
    );
    const { password: _p, connection_string: _c, ...rest } = current;
    const { password: _op, connection_string: _oc, ...oldRest } = before;
    expect(rest).toEqual(oldRest);
  });

  it("generates the password with the configured length and without the excluded characters", async () => {
    const { arn } = await h.databaseSecret();
    await h.rotate(arn);
    const [call] = h.sm.callsOf("GetRandomPassword").slice(-1);
    expect(call?.input).toEqual({ PasswordLength: 32, ExcludeCharacters: "/@\"'\\ " });
    const password = String((await h.version(arn, "AWSCURRENT")).password);
    expect(password).toHaveLength(32);
    expect(password).not.toMatch(/[/@"'\\ ]/);
  });

  it("rotates again from the rotated state", async () => {
    const { arn, username } = await h.databaseSecret();
    await h.rotate(arn);
    const first = String((await h.version(arn, "AWSCURRENT")).password);
    await h.rotate(arn);
    const second = String((await h.version(arn, "AWSCURRENT")).password);
    expect(second).not.toBe(first);
    expect(await logsIn(h.pg, username, second)).toBe(true);
    expect(await logsIn(h.pg, username, first)).toBe(false);
  });

  it("writes one structured JSON line per step, and no password anywhere in its output", async () => {
    // Given a secret, and all output captured
    const { arn, password: oldPassword } = await h.databaseSecret();
    h.output = "";
    // When it rotates
    const token = await h.rotate(arn);
    const newPassword = String((await h.version(arn, "AWSCURRENT")).password);
    // Then every step logged one line with the secret, token, step, strategy, outcome and duration
    const lines = h.logLines();
    expect(lines.map((l) => l.step)).toEqual(["createSecret", "setSecret", "testSecret", "finishSecret"]);
    for (const line of lines) {
      expect(line).toMatchObject({ level: "info", secretArn: arn, token, outcome: "succeeded" });
      expect(line.durationMs).toEqual(expect.any(Number));
    }
    expect(lines.slice(0, 3).map((l) => l.strategy)).toEqual(["single-user", "single-user", "single-user"]);
    // and neither password, nor its URL-encoded form, appears
    for (const secret of [oldPassword, newPassword, encodeURIComponent(newPassword)])
      expect(h.output).not.toContain(secret);
    expect(h.output).not.toContain("postgresql://");
  });

  it("handles passwords with quotes and backslashes, old and new, and non-ASCII characters in the old one", async () => {
    // Given a user whose current password holds every awkward character
    const username = RotationHarness.roleName();
    const oldPassword = `it's "quoted" \\ back\\slash ü 密码 $1 %s --`;
    await h.createRole(username, oldPassword);
    const arn = await h.createSecret(`qualisys/database/${username}`, h.secretJson(username, oldPassword));
    // and a new password with every awkward character GetRandomPassword can return: printable ASCII
    // (letters, digits and punctuation; see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html)
    const newPassword = `new 'one' "two" \\\\ $1 %s ; DROP ROLE x; --`;
    h.sm.forceNextPassword(newPassword);
    h.output = "";
    // When it rotates
    await h.rotate(arn);
    // Then the database has exactly the new password
    expect((await h.version(arn, "AWSCURRENT")).password).toBe(newPassword);
    expect(await logsIn(h.pg, username, newPassword)).toBe(true);
    expect(await logsIn(h.pg, username, oldPassword)).toBe(false);
    expect(h.output).not.toContain(newPassword);
    expect(h.output).not.toContain(oldPassword);
  });

  it("refuses a new password outside printable ASCII (its verifier would differ from PostgreSQL's), changing nothing", async () => {
    const { arn, username, password } = await h.databaseSecret();
    h.sm.forceNextPassword("nouveau-mot-de-passe-é");
    const token = await h.startRotation(arn);
    await h.step(arn, token, "createSecret");
    await expect(h.step(arn, token, "setSecret")).rejects.toThrow(
      "the new password has characters outside printable ASCII; expected GetRandomPassword's output",
    );
    expect(await logsIn(h.pg, username, password)).toBe(true);
    expect(h.output).not.toContain("nouveau-mot-de-passe");
  });
});
