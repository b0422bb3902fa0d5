import { describe, expect, it } from "vitest";
import net from "node:net";
import { RotationHarness } from "../helpers/rotation-harness";
import { logsIn } from "../../harness/postgres";

const h = RotationHarness.setup();

/** A TCP proxy in front of the database that a test can close and reopen: "the database is unreachable". */
async function proxyTo(
  port: number,
): Promise<{ port: number; close: () => Promise<void>; reopen: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  let listenPort = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(port, "127.0.0.1");
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => undefined);
          s.on("close", () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(listenPort, "127.0.0.1", () => {
        listenPort = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    port: listenPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    reopen: open,
  };
}

describe("interrupted and repeated rotations", () => {
  it("converges when it stops after setSecret and the remaining steps run again, one set of credentials logging in at every point", async () => {
    const { arn, username } = await h.databaseSecret();
    const token = await h.startRotation(arn);
    const eitherLogsIn = async () =>
      (await h.versionLogsIn(arn, "AWSCURRENT")) || (await h.versionLogsIn(arn, "AWSPENDING", token));

    await h.step(arn, token, "createSecret");
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
    await h.step(arn, token, "setSecret");
    // The single-user window: only AWSPENDING logs in until finishSecret (the alternating strategy avoids it).
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(false);
    expect(await h.versionLogsIn(arn, "AWSPENDING", token)).toBe(true);

    // The invocation is lost here; Secrets Manager retries from setSecret.
    for (const step of ["setSecret", "testSecret", "finishSecret"]) {
      await h.step(arn, token, step);
      expect(await eitherLogsIn(), `after ${step}`).toBe(true);
    }
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
    expect(h.sm.stages(arn)[token]).toContain("AWSCURRENT");
    expect((await h.version(arn, "AWSCURRENT")).username).toBe(username);
  });

  it("runs each step twice in a row with the same result and no second password change", async () => {
    const { arn, username } = await h.databaseSecret();
    const token = await h.startRotation(arn);
    const putsBefore = h.sm.callsOf("PutSecretValue").length;

    await h.step(arn, token, "createSecret");
    const pending = await h.version(arn, "AWSPENDING", token);
    await h.step(arn, token, "createSecret");
    expect(await h.version(arn, "AWSPENDING", token)).toEqual(pending);
    expect(h.sm.callsOf("PutSecretValue").length - putsBefore).toBe(1);

    await h.step(arn, token, "setSecret");
    const verifier = await h.passwordVerifier(username);
    await h.step(arn, token, "setSecret");
    expect(await h.passwordVerifier(username)).toBe(verifier); // a new salt would show a second ALTER ROLE

    await h.step(arn, token, "testSecret");
    await h.step(arn, token, "testSecret");
    await h.step(arn, token, "finishSecret");
    const stages = h.sm.stages(arn);
    await h.step(arn, token, "finishSecret");
    expect(h.sm.stages(arn)).toEqual(stages);
    expect(h.sm.callsOf("UpdateSecretVersionStage").filter((c) => c.input.SecretId === arn)).toHaveLength(1);
    expect(await h.passwordVerifier(username)).toBe(verifier);
    expect(h.logLines().slice(-1)[0]).toMatchObject({ step: "finishSecret", outcome: "skipped" });
  });

  it("fails setSecret when the database is unreachable, leaving AWSCURRENT unchanged and still working", async () => {
    // Given a secret that reaches the database through a proxy
    const proxy = await proxyTo(h.pg.port);
    const username = RotationHarness.roleName();
    const password = "unreachable-test-password-1";
    await h.createRole(username, password);
    const json = h.secretJson(username, password, { port: proxy.port });
    const arn = await h.createSecret(`qualisys/database/${username}`, json);
    const token = await h.startRotation(arn);
    await h.step(arn, token, "createSecret");

    // When the database cannot be reached during setSecret
    await proxy.close();
    const failure = h.step(arn, token, "setSecret");

    // Then the step fails with a typed error that says so, without a password
    await expect(failure).rejects.toMatchObject({ name: "DatabaseError", step: "setSecret" });
    await expect(failure).rejects.toThrow(
      /setSecret of arn:aws:secretsmanager:.*: the database cannot be reached with the AWSCURRENT credentials \(ECONNREFUSED/,
    );
    // and AWSCURRENT is unchanged and still logs in
    expect(await h.version(arn, "AWSCURRENT")).toEqual(json);
    expect(await logsIn(h.pg, username, password)).toBe(true);
    expect(h.output).not.toContain(String((await h.version(arn, "AWSPENDING", token)).password));

    // and once the database is back, the retried rotation completes
    await proxy.reopen();
    for (const step of ["setSecret", "testSecret", "finishSecret"]) await h.step(arn, token, step);
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
    await proxy.close();
  });

  it("falls back to AWSPREVIOUS when AWSCURRENT no longer logs in", async () => {
    // Given a rotated secret whose database password was set back to the previous value by hand
    const { arn, username, password } = await h.databaseSecret();
    await h.rotate(arn);
    await h.pgAsSuperuser(`ALTER ROLE "${username}" PASSWORD '${password}'`);
    // When it rotates again
    await h.rotate(arn);
    // Then the new AWSCURRENT logs in
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
  });
});
