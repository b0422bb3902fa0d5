import { DEFAULT_EXCLUDE_CHARACTERS } from "../lambda/rotation/config";
import { ROTATION_STRATEGIES, type RotationStrategy } from "../lambda/rotation/secret-value";
import { ec2Id, FieldChecks, IPV4_CIDR, LOG_RETENTION_DAYS } from "./field-checks";

/** Lambda architectures the function is built for (esbuild's bundle is plain JavaScript: both work). */
export const LAMBDA_ARCHITECTURES = ["arm64", "x86_64"] as const;

/** A Lambda architecture. */
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

/** Where the rotation function runs: the database's VPC (from the database story). */
export interface RotationNetworkSettings {
  /** The VPC of the database. */
  readonly vpcId: string;
  /** The VPC's CIDR: the function may reach the database port and HTTPS inside it. */
  readonly vpcCidr: string;
  /** Private subnets the function's network interfaces go in (two or more availability zones). */
  readonly subnetIds: readonly string[];
  /** Security group of the database. */
  readonly databaseSecurityGroupId: string;
  /**
   * How the database admits the function, one of:
   * - `{ clientSecurityGroupId }` (recommended): a security group the database stack owns and its
   *   database's group admits on the database port; the function gets it beside its own. This stack then
   *   adds no rule to a group it does not own, so nothing it relies on can be removed by the database
   *   stack's next apply (a group whose rules are managed inline drops every rule it does not list).
   * - `"ingress-rule"`: this stack adds a rule to `databaseSecurityGroupId` admitting the function's own
   *   group. Only where the database stack manages that group's rules as separate resources, never inline.
   */
  readonly databaseAccess: { readonly clientSecurityGroupId: string } | "ingress-rule";
  /**
   * Port of the database.
   * @default 5432
   */
  readonly databasePort?: number;
  /**
   * How the function reaches Secrets Manager:
   * - `"none"`: its public endpoint, through the subnets' NAT (443 to anywhere);
   * - `"create"`: a new interface VPC endpoint with private DNS. Private DNS answers for the whole VPC,
   *   so its security group admits the VPC's CIDR on 443 (every workload of the VPC then goes through
   *   it), and it needs the VPC's DNS support and DNS host names; creation fails where the VPC already
   *   has one;
   * - `{ existingEndpointId }`: the VPC's own endpoint (its security group must admit the function).
   * @default "none"
   */
  readonly secretsManagerEndpoint?: SecretsManagerEndpointMode;
  /**
   * How the function reaches the RDS API, which it calls to find the database of an RDS-managed
   * superuser secret (alternating users): the same three choices as `secretsManagerEndpoint`.
   * @default "none" (through NAT)
   */
  readonly rdsApiEndpoint?: SecretsManagerEndpointMode;
}

/** How the rotation function reaches an AWS API (see {@link RotationNetworkSettings.secretsManagerEndpoint}). */
export type SecretsManagerEndpointMode = "none" | "create" | { readonly existingEndpointId: string };

/** The network settings with every default filled in. */
export interface ResolvedRotationNetwork extends RotationNetworkSettings {
  readonly databasePort: number;
  readonly secretsManagerEndpoint: SecretsManagerEndpointMode;
  readonly rdsApiEndpoint: SecretsManagerEndpointMode;
}

/** The rotation function's own options. */
export interface RotationFunctionOptions {
  /**
   * Memory, in MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Timeout, in seconds.
   * @default 30
   */
  readonly timeoutSeconds?: number;
  /**
   * Reserved concurrency: caps the function and keeps capacity for it. Opt-in: Lambda refuses a
   * reservation that would leave the account fewer than 100 unreserved concurrent executions, which
   * is every reservation in a new account whose concurrency quota is still low.
   * @default - none (the function shares the account's unreserved concurrency)
   */
  readonly reservedConcurrency?: number;
  /**
   * CPU architecture.
   * @default "arm64"
   */
  readonly architecture?: LambdaArchitecture;
  /**
   * Days the function's logs are kept.
   * @default 365
   */
  readonly logRetentionInDays?: number;
  /**
   * Length of generated passwords.
   * @default 32
   */
  readonly passwordLength?: number;
  /**
   * Characters generated passwords never hold.
   * @default "/@\"'\\ " and space
   */
  readonly excludeCharacters?: string;
  /**
   * CA bundle the database certificate is verified against, inside the Lambda runtime.
   * @default "/var/runtime/ca-cert.pem" (the runtime's Amazon CAs, RDS's included)
   */
  readonly caBundlePath?: string;
  /**
   * Other names of the database the secret's `host` may hold: RDS Proxy endpoints, DNS aliases. The
   * function accepts them beside the database's endpoint (any other host is still refused) and logs the
   * superuser in at the endpoint itself.
   * @default - the database's endpoint only
   */
  readonly hostAliases?: readonly string[];
}

/** How an environment rotates its database secret, with the function's own options. */
export interface RotationSettings extends RotationFunctionOptions {
  /**
   * Rotate the secrets whose catalog entry says `automatic`.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Days between rotations, 1 to 1000, overriding the catalog's.
   * @default - the catalog's (90 for the database secret)
   */
  readonly automaticallyAfterDays?: number;
  /**
   * Rotate as soon as Terraform turns rotation on.
   * @default false
   */
  readonly rotateImmediately?: boolean;
  /**
   * `single-user`: the user's own password changes, and every connection made with the old one fails
   * from the `setSecret` step until the client reads the new value. `alternating-users` (needs
   * `masterSecretArn`): two users take turns, so the credentials applications hold stay valid until
   * the next rotation.
   * @default "single-user"
   */
  readonly strategy?: RotationStrategy;
  /**
   * ARN of the superuser secret of the database, for the alternating-users strategy: the master user
   * secret RDS manages (`rds!db-...` or `rds!cluster-...`, holding only username and password; the
   * function finds the endpoint from its tags through the RDS API), or one of your own with host and port.
   * @default - none
   */
  readonly masterSecretArn?: string;
  /**
   * ARN of the customer-managed KMS key of the superuser secret, when it has one (the function then
   * gets kms:Decrypt on it through Secrets Manager).
   * @default - the secret uses `aws/secretsmanager`, which needs no grant
   */
  readonly masterSecretKmsKeyArn?: string;
  /** The database's VPC, subnets and security group (from the database story). Required while rotation is on. */
  readonly network?: RotationNetworkSettings;
}

/** Rotation settings with every default filled in; present only while rotation is on. */
export interface ResolvedRotation {
  /** Days between rotations, or `undefined` to take each secret's catalog value. */
  readonly automaticallyAfterDays?: number;
  readonly rotateImmediately: boolean;
  readonly strategy: RotationStrategy;
  readonly masterSecretArn?: string;
  readonly masterSecretKmsKeyArn?: string;
  readonly network: ResolvedRotationNetwork;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency?: number;
  readonly architecture: LambdaArchitecture;
  readonly logRetentionInDays: number;
  readonly passwordLength: number;
  readonly excludeCharacters: string;
  readonly caBundlePath: string;
  readonly hostAliases: readonly string[];
}

/** Where the environment is, for the ARN checks. */
interface Place {
  readonly partition: string;
  readonly region: string;
}

const NETWORK_NEEDED =
  "because rotation is on (the function runs in the database's VPC); set rotation.enabled to false to turn rotation off";

const VPC_ENDPOINT_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;

function endpointMode(field: string, mode: unknown, check: FieldChecks): SecretsManagerEndpointMode {
  if (mode === undefined || mode === "none" || mode === "create") return mode ?? "none";
  const existing: unknown =
    typeof mode === "object" && mode !== null ? (mode as Record<string, unknown>).existingEndpointId : undefined;
  if (typeof existing === "string" && VPC_ENDPOINT_ID.test(existing)) return { existingEndpointId: existing };
  check.fail(
    field,
    mode,
    '"none", "create" or { existingEndpointId: "vpce-..." } (the VPC\'s own endpoint of the service)',
  );
  return "none";
}

function resolveNetwork(
  network: RotationNetworkSettings | undefined,
  check: FieldChecks,
): ResolvedRotationNetwork | undefined {
  if (network === undefined) {
    check.fail(
      "rotation.network",
      undefined,
      `the database's vpcId, vpcCidr, subnetIds and databaseSecurityGroupId, ${NETWORK_NEEDED}`,
    );
    return undefined;
  }
  check.matches("rotation.network.vpcId", network.vpcId, ec2Id("vpc"), "a VPC id such as vpc-0123456789abcdef0");
  check.matches("rotation.network.vpcCidr", network.vpcCidr, IPV4_CIDR, "an IPv4 CIDR block such as 10.0.0.0/16");
  const subnets: unknown = network.subnetIds;
  if (!Array.isArray(subnets) || subnets.length === 0) {
    check.fail(
      "rotation.network.subnetIds",
      subnets,
      `at least one private subnet id (subnet-...) of the database's VPC, ${NETWORK_NEEDED}`,
    );
  } else {
    subnets.forEach((subnet, i) =>
      check.matches(
        `rotation.network.subnetIds[${i}]`,
        subnet,
        ec2Id("subnet"),
        "a subnet id such as subnet-0123456789abcdef0",
      ),
    );
  }
  if (network.databaseSecurityGroupId === undefined) {
    check.fail(
      "rotation.network.databaseSecurityGroupId",
      undefined,
      `the database's security group id (sg-...), ${NETWORK_NEEDED}`,
    );
  } else {
    check.matches(
      "rotation.network.databaseSecurityGroupId",
      network.databaseSecurityGroupId,
      ec2Id("sg"),
      "a security group id such as sg-0123456789abcdef0",
    );
  }
  const access: unknown = network.databaseAccess;
  const clientGroup = (access as { clientSecurityGroupId?: unknown } | undefined)?.clientSecurityGroupId;
  if (access !== "ingress-rule" && typeof clientGroup !== "string") {
    check.fail(
      "rotation.network.databaseAccess",
      access,
      '{ clientSecurityGroupId: "sg-..." } (a security group the database stack owns and its database admits: recommended) or "ingress-rule" (this stack adds a rule to databaseSecurityGroupId, whose rules must then not be managed inline by the database stack)',
    );
  } else if (typeof clientGroup === "string") {
    check.matches(
      "rotation.network.databaseAccess.clientSecurityGroupId",
      clientGroup,
      ec2Id("sg"),
      "a security group id such as sg-0123456789abcdef0",
    );
  }
  return {
    databaseAccess: network.databaseAccess,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetIds: Array.isArray(subnets) ? (subnets as string[]) : [],
    databaseSecurityGroupId: network.databaseSecurityGroupId,
    databasePort: check.integer("rotation.network.databasePort", network.databasePort, 1, 65535, 5432),
    secretsManagerEndpoint: endpointMode(
      "rotation.network.secretsManagerEndpoint",
      network.secretsManagerEndpoint,
      check,
    ),
    rdsApiEndpoint: endpointMode("rotation.network.rdsApiEndpoint", network.rdsApiEndpoint, check),
  };
}

/**
 * Checks an environment's rotation settings and fills in defaults.
 * @returns the settings, or `undefined` when rotation is off
 */
export function resolveRotation(
  settings: RotationSettings | undefined,
  place: Place,
  check: FieldChecks,
): ResolvedRotation | undefined {
  const s = settings ?? {};
  if (!check.boolean("rotation.enabled", s.enabled, true)) return undefined;
  const strategy = check.oneOf("rotation.strategy", s.strategy, ROTATION_STRATEGIES, "single-user");
  const secretArn = new RegExp(`^arn:${place.partition}:secretsmanager:${place.region}:\\d{12}:secret:[\\w/+=.@!-]+$`);
  if (strategy === "alternating-users" || s.masterSecretArn !== undefined) {
    check.matches(
      "rotation.masterSecretArn",
      s.masterSecretArn,
      secretArn,
      `the ARN of the database's superuser secret in ${place.region} (arn:${place.partition}:secretsmanager:${place.region}:<account>:secret:<name>), which the alternating-users strategy logs in with`,
    );
  }
  if (s.masterSecretKmsKeyArn !== undefined) {
    check.matches(
      "rotation.masterSecretKmsKeyArn",
      s.masterSecretKmsKeyArn,
      new RegExp(`^arn:${place.partition}:kms:${place.region}:\\d{12}:key/[0-9a-f-]{36}$`),
      `the ARN of a KMS key in ${place.region} (arn:${place.partition}:kms:${place.region}:<account>:key/<id>)`,
    );
  }
  const caBundlePath = s.caBundlePath ?? "/var/runtime/ca-cert.pem";
  if (!caBundlePath.startsWith("/"))
    check.fail("rotation.caBundlePath", s.caBundlePath, "an absolute path inside the Lambda runtime");
  if (s.excludeCharacters !== undefined && typeof s.excludeCharacters !== "string")
    check.fail("rotation.excludeCharacters", s.excludeCharacters, "a string of characters");
  const network = resolveNetwork(s.network, check);
  const aliases: unknown = s.hostAliases ?? [];
  if (!Array.isArray(aliases)) check.fail("rotation.hostAliases", aliases, "a list of host names");
  else
    aliases.forEach((alias, i) =>
      check.matches(
        `rotation.hostAliases[${i}]`,
        alias,
        /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/,
        "a host name (an RDS Proxy endpoint or a DNS alias of the database), without wildcards",
      ),
    );
  return {
    hostAliases: Array.isArray(aliases) ? (aliases as string[]) : [],
    automaticallyAfterDays:
      s.automaticallyAfterDays === undefined
        ? undefined
        : check.integer("rotation.automaticallyAfterDays", s.automaticallyAfterDays, 1, 1000, 90),
    rotateImmediately: check.boolean("rotation.rotateImmediately", s.rotateImmediately, false),
    strategy,
    masterSecretArn: s.masterSecretArn,
    masterSecretKmsKeyArn: s.masterSecretKmsKeyArn,
    network: network ?? {
      vpcId: "",
      vpcCidr: "",
      subnetIds: [],
      databaseSecurityGroupId: "",
      databaseAccess: "ingress-rule",
      databasePort: 5432,
      secretsManagerEndpoint: "none",
      rdsApiEndpoint: "none",
    },
    // see: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (MemorySize, Timeout)
    memorySize: check.integer("rotation.memorySize", s.memorySize, 128, 10240, 256),
    timeoutSeconds: check.integer("rotation.timeoutSeconds", s.timeoutSeconds, 1, 900, 30),
    reservedConcurrency:
      s.reservedConcurrency === undefined
        ? undefined
        : check.integer("rotation.reservedConcurrency", s.reservedConcurrency, 1, 1000, 1),
    architecture: check.oneOf("rotation.architecture", s.architecture, LAMBDA_ARCHITECTURES, "arm64"),
    logRetentionInDays: check.oneOf("rotation.logRetentionInDays", s.logRetentionInDays, LOG_RETENTION_DAYS, 365),
    passwordLength: check.integer("rotation.passwordLength", s.passwordLength, 16, 4096, 32),
    excludeCharacters: s.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
    caBundlePath,
  };
}

/**
 * Whether the function calls the RDS API: with alternating users and a superuser secret that RDS
 * manages (named `rds!db-...` or `rds!cluster-...`), which holds no host.
 * see: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
 */
export function needsRdsApi(rotation: Pick<ResolvedRotation, "strategy" | "masterSecretArn">): boolean {
  return rotation.strategy === "alternating-users" && /:secret:rds!(db|cluster)-/.test(rotation.masterSecretArn ?? "");
}
