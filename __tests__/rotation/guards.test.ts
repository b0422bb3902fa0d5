import { describe, expect, it } from "vitest";
import type { SecretsManagerRotationEvent } from "aws-lambda";
import { RotationHarness } from "../helpers/rotation-harness";

const h = RotationHarness.setup();

describe("guards before any step", () => {
  it("rejects a token that is not a version of the secret", async () => {
    const { arn } = await h.databaseSecret();
    await h.startRotation(arn);
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(h.step(arn, unknown, "createSecret")).rejects.toMatchObject({
      name: "RotationStateError",
      step: "guard",
    });
    await expect(h.step(arn, unknown, "createSecret")).rejects.toThrow(
      `guard of ${arn}: version ${unknown} is not a version of the secret`,
    );
  });

  it("rejects a token that is not AWSPENDING", async () => {
    const { arn } = await h.databaseSecret();
    const first = await h.rotate(arn);
    await h.rotate(arn); // the first token is now AWSPREVIOUS
    await expect(h.step(arn, first, "setSecret")).rejects.toThrow(
      `version ${first} is not staged AWSPENDING (its stages: AWSPREVIOUS)`,
    );
  });

  it("does nothing for a token that is already AWSCURRENT", async () => {
    const { arn } = await h.databaseSecret();
    const token = await h.rotate(arn);
    const stages = h.sm.stages(arn);
    const calls = h.sm.calls.length;
    await h.step(arn, token, "createSecret");
    expect(h.sm.stages(arn)).toEqual(stages);
    expect(h.sm.calls.slice(calls).map((c) => c.operation)).toEqual(["DescribeSecret"]);
    expect(h.logLines().slice(-1)[0]).toMatchObject({ step: "createSecret", outcome: "skipped" });
  });

  it("rejects a secret whose rotation is not enabled", async () => {
    const { arn } = await h.databaseSecret();
    const token = await h.startRotation(arn);
    h.sm.setRotationEnabled(arn, false);
    await expect(h.step(arn, token, "createSecret")).rejects.toThrow(
      `guard of ${arn}: rotation is not enabled for the secret`,
    );
    expect(h.sm.stages(arn)[token]).toEqual(["AWSPENDING"]); // nothing written
  });

  it("rejects an unknown step", async () => {
    const { arn } = await h.databaseSecret();
    const token = await h.startRotation(arn);
    await expect(h.step(arn, token, "deleteSecret")).rejects.toThrow(
      'the event\'s Step is "deleteSecret"; expected one of createSecret, setSecret, testSecret, finishSecret',
    );
  });

  it("rejects an event without a SecretId or token", async () => {
    await expect(h.invoke({ Step: "createSecret" } as SecretsManagerRotationEvent)).rejects.toThrow(
      "the event has no SecretId",
    );
    await expect(h.invoke({ SecretId: "x", Step: "createSecret" } as SecretsManagerRotationEvent)).rejects.toThrow(
      "the event has no ClientRequestToken",
    );
  });
});

describe("malformed secrets fail in the first step that reads them, naming the field", () => {
  async function createFails(json: Record<string, unknown> | string): Promise<Error> {
    const name = `qualisys/database/${RotationHarness.roleName("bad")}`;
    const arn = await h.createSecret(name, json);
    const token = await h.startRotation(arn);
    const error = await h.step(arn, token, "createSecret").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error, "createSecret should fail").toBeInstanceOf(Error);
    expect(h.sm.stages(arn)[token]).toEqual(["AWSPENDING"]); // no value put
    await expect(h.version(arn, "AWSPENDING", token)).rejects.toThrow(/can't find/);
    return error!;
  }
  const valid = () => h.secretJson("someone", "pw-never-logged-1");

  it("a secret without host", async () => {
    const { host: _host, ...json } = valid();
    const error = await createFails(json);
    expect(error).toMatchObject({ name: "SecretFieldError", field: "host", step: "createSecret" });
    expect(error.message).toMatch(
      /createSecret of arn:.*: field "host" of the AWSCURRENT version is missing; expected a non-empty string/,
    );
  });

  it("a port that is not a number", async () => {
    const error = await createFails({ ...valid(), port: "fifty-four-thirty-two" });
    expect(error.message).toContain(
      'field "port" of the AWSCURRENT version is not a port number; expected a whole number from 1 to 65535',
    );
  });

  it("an unknown engine", async () => {
    const error = await createFails({ ...valid(), engine: "mysql" });
    expect(error.message).toContain('field "engine" of the AWSCURRENT version is "mysql"; expected "postgres"');
  });

  it("an unknown rotation strategy", async () => {
    const error = await createFails({ ...valid(), rotation_strategy: "round-robin" });
    expect(error.message).toContain(
      'field "rotation_strategy" of the AWSCURRENT version is "round-robin"; expected one of single-user, alternating-users',
    );
  });

  it("the alternating strategy without masterarn", async () => {
    const error = await createFails({ ...valid(), rotation_strategy: "alternating-users" });
    expect(error.message).toContain('field "masterarn" of the AWSCURRENT version is missing');
  });

  it("a value that is not JSON, without quoting it", async () => {
    const error = await createFails('{"password": "do-not-echo-me-42", oops');
    expect(error.message).toMatch(/the AWSCURRENT version's SecretString is not valid JSON$/);
    expect(h.output).not.toContain("do-not-echo-me-42");
  });
});

describe("configuration", () => {
  it("rejects a bad environment variable, naming it, before touching the secret", async () => {
    const { arn } = await h.databaseSecret();
    const token = await h.startRotation(arn);
    const calls = h.sm.calls.length;
    process.env.PASSWORD_LENGTH = "8";
    try {
      await expect(h.step(arn, token, "createSecret")).rejects.toThrow(
        'environment variable PASSWORD_LENGTH is "8"; expected a whole number from 16 to 4096',
      );
    } finally {
      delete process.env.PASSWORD_LENGTH;
    }
    expect(h.sm.calls.length).toBe(calls);
    expect(h.logLines().slice(-1)[0]).toMatchObject({
      level: "error",
      outcome: "failed",
      errorName: "ConfigurationError",
    });
  });

  it("uses PASSWORD_LENGTH and EXCLUDE_CHARACTERS", async () => {
    const { arn } = await h.databaseSecret();
    Object.assign(process.env, { PASSWORD_LENGTH: "48", EXCLUDE_CHARACTERS: "abcdefghijklmnopqrstuvwxyz" });
    try {
      await h.rotate(arn);
    } finally {
      delete process.env.PASSWORD_LENGTH;
      delete process.env.EXCLUDE_CHARACTERS;
    }
    const password = String((await h.version(arn, "AWSCURRENT")).password);
    expect(password).toHaveLength(48);
    expect(password).not.toMatch(/[a-z]/);
  });
});
