import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { Database, sslModeFor } from "../../lambda/rotation/database";
import { readConfig } from "../../lambda/rotation/config";
import { RDS_CLUSTER_TAG, RDS_INSTANCE_TAG } from "../../lambda/rotation/rds";
import { logsIn } from "../../harness/postgres";
import { RotationHarness } from "../helpers/rotation-harness";

const h = RotationHarness.setup();
// The RDS API through aws-sdk-client-mock, answering as the RDS API reference shapes its responses.
const rds = mockClient(RDSClient);
afterEach(() => {
  rds.reset();
  vi.restoreAllMocks();
});

const INSTANCE_ARN = "arn:aws:rds:us-east-1:123456789012:db:qualisys-test";
const CLUSTER_ARN = "arn:aws:rds:us-east-1:123456789012:cluster:qualisys-test";

/**
 * An RDS-managed master user secret as RDS creates it: named `rds!db-<uuid>` (or `rds!cluster-<uuid>`),
 * holding only `username` and `password`, with the system tag naming the database.
 * see: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
 */
async function rdsMasterSecret(kind: "instance" | "cluster") {
  const admin = RotationHarness.roleName("rdsadmin");
  const password = `master-${RotationHarness.roleName()}`;
  await h.createRole(admin, password, { createRole: true });
  const arn = await h.createSecret(
    `rds!${kind === "instance" ? "db" : "cluster"}-${RotationHarness.roleName()}`,
    JSON.stringify({ username: admin, password }),
  );
  h.sm.setSystemTags(
    arn,
    kind === "instance" ? { [RDS_INSTANCE_TAG]: INSTANCE_ARN } : { [RDS_CLUSTER_TAG]: CLUSTER_ARN },
  );
  return { arn, admin, password };
}

/** DescribeDBInstances / DescribeDBClusters as RDS answers them (only the fields the function reads, and their neighbours). */
function rdsAnswers(host: string, port: number) {
  // see: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html (DBInstance.Endpoint: Address, Port, HostedZoneId)
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: INSTANCE_ARN }).resolves({
    DBInstances: [
      {
        DBInstanceIdentifier: "qualisys-test",
        DBInstanceArn: INSTANCE_ARN,
        Engine: "postgres",
        DBInstanceStatus: "available",
        Endpoint: { Address: host, Port: port, HostedZoneId: "Z2R2ITUGPM61AM" },
      },
    ],
  });
  // see: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html (DBCluster.Endpoint is the writer's, Port)
  rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: CLUSTER_ARN }).resolves({
    DBClusters: [
      {
        DBClusterIdentifier: "qualisys-test",
        DBClusterArn: CLUSTER_ARN,
        Engine: "aurora-postgresql",
        Status: "available",
        Endpoint: host,
        ReaderEndpoint: `ro-${host}`,
        Port: port,
      },
    ],
  });
}

describe("alternating users with an RDS-managed master secret ({username, password} only)", () => {
  it.each(["instance", "cluster"] as const)(
    "of a DB %s: finds the database from the secret's tag and RDS, and rotates twice with no broken login",
    async (kind) => {
      rdsAnswers(h.pg.host, h.pg.port);
      const master = await rdsMasterSecret(kind);
      // masterarn alone: no rotation_strategy field, as AWS's multi-user template writes the secret.
      const { arn, username, password } = await h.databaseSecret({ masterarn: master.arn });
      await h.rotate(arn);
      expect(await logsIn(h.pg, username, password)).toBe(true); // the credentials applications held
      const first = await h.version(arn, "AWSCURRENT");
      expect(first.username).toBe(`${username}_clone`);
      await h.rotate(arn);
      expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
      expect(await h.versionLogsIn(arn, "AWSPREVIOUS")).toBe(true);
      expect(
        rds.commandCalls(kind === "instance" ? DescribeDBInstancesCommand : DescribeDBClustersCommand).length,
      ).toBeGreaterThan(0);
      expect(h.output).not.toContain(master.password);
    },
  );

  it("refuses when the application secret's host is not the database's endpoint: the superuser's password goes nowhere else", async () => {
    rdsAnswers("qualisys-test.abcdefghijkl.us-east-1.rds.amazonaws.com", h.pg.port);
    const master = await rdsMasterSecret("instance");
    const { arn } = await h.databaseSecret({ masterarn: master.arn });
    const logins = vi.spyOn(Database.prototype, "withLogin");
    await expect(h.rotate(arn)).rejects.toThrow(
      "the secret's host is not the endpoint of the database the superuser secret belongs to (arn:aws:rds:us-east-1:123456789012:db:qualisys-test)",
    );
    expect(logins.mock.calls.map(([credentials]) => credentials.username)).not.toContain(master.admin);
  });

  it("accepts a configured alias of the database (an RDS Proxy endpoint, a DNS name) as the secret's host, and logs the superuser in at the database's own endpoint", async () => {
    // Given the database at 127.0.0.1 (RDS's answer) and a secret that reaches it as "localhost"
    rdsAnswers(h.pg.host, h.pg.port);
    const master = await rdsMasterSecret("instance");
    const { arn } = await h.databaseSecret({ masterarn: master.arn, host: "localhost" });
    const logins = vi.spyOn(Database.prototype, "withLogin");
    // Without the alias configured, refused
    await expect(h.rotate(arn)).rejects.toThrow("expected that endpoint, or one of DB_HOST_ALIASES");
    // With it, the retried rotation (Secrets Manager retries the same token) completes: the applications'
    // logins go through the alias, the superuser's to the endpoint
    process.env.DB_HOST_ALIASES = "qualisys-proxy.proxy-abcdefghijkl.us-east-1.rds.amazonaws.com,localhost";
    try {
      const token = Object.entries(h.sm.stages(arn)).find(([, stages]) => stages.includes("AWSPENDING"))![0];
      for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"]) await h.step(arn, token, step);
    } finally {
      delete process.env.DB_HOST_ALIASES;
    }
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
    const hostsOf = (user: string) =>
      new Set(
        logins.mock.calls
          .map(([c]) => c)
          .filter((c) => c.username === user)
          .map((c) => c.host),
      );
    expect(hostsOf(master.admin)).toEqual(new Set([h.pg.host]));
    expect((await h.version(arn, "AWSCURRENT")).host).toBe("localhost");
  });

  it("still refuses a host that is neither the endpoint nor a configured alias", async () => {
    rdsAnswers(h.pg.host, h.pg.port);
    const master = await rdsMasterSecret("instance");
    const { arn } = await h.databaseSecret({ masterarn: master.arn, host: "localhost" });
    process.env.DB_HOST_ALIASES = "qualisys-proxy.proxy-abcdefghijkl.us-east-1.rds.amazonaws.com";
    try {
      await expect(h.rotate(arn)).rejects.toThrow("expected that endpoint, or one of DB_HOST_ALIASES");
    } finally {
      delete process.env.DB_HOST_ALIASES;
    }
  });

  it("logs in as the superuser with the function's TLS (verify-full), even when the application secret turns TLS off for itself", async () => {
    rdsAnswers(h.pg.host, h.pg.port);
    const master = await rdsMasterSecret("instance");
    const { arn } = await h.databaseSecret({ masterarn: master.arn, ssl: false });
    const logins = vi.spyOn(Database.prototype, "withLogin");
    await h.rotate(arn);
    const superuserLogins = logins.mock.calls
      .map(([credentials]) => credentials)
      .filter((c) => c.username === master.admin);
    expect(superuserLogins.length).toBeGreaterThan(0);
    const config = readConfig(process.env);
    for (const login of superuserLogins) expect(sslModeFor(login, config)).toBe("verify-full");
  });
});

describe("the strategy the secret's fields select", () => {
  beforeAll(() => rdsAnswers(h.pg.host, h.pg.port));

  it("refuses a rotation_strategy that contradicts masterarn, naming both fields", async () => {
    const master = await rdsMasterSecret("instance");
    const { arn } = await h.databaseSecret({ masterarn: master.arn, rotation_strategy: "single-user" });
    await expect(h.rotate(arn)).rejects.toThrow(
      'field "rotation_strategy" of the AWSCURRENT version is "single-user" while masterarn names a superuser secret; expected "alternating-users", or no masterarn',
    );
  });
});

describe("the rotation guard on RotationEnabled", () => {
  it("runs when DescribeSecret leaves RotationEnabled out, as AWS's reference functions do (only an explicit false refuses)", async () => {
    const { arn, username } = await h.databaseSecret();
    const token = await h.startRotation(arn);
    h.sm.setRotationEnabled(arn, undefined);
    for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"]) await h.step(arn, token, step);
    expect((await h.version(arn, "AWSCURRENT")).username).toBe(username);
    expect(await h.versionLogsIn(arn, "AWSCURRENT")).toBe(true);
    h.sm.setRotationEnabled(arn, false);
    await expect(h.step(arn, token, "finishSecret")).rejects.toThrow("rotation is not enabled for the secret");
  });
});
