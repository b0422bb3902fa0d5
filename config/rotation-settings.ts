import { DEFAULT_EXCLUDE_CHARACTERS } from "../lambda/rotation/config";
import { resolveNetwork, type ResolvedRotationNetwork, type RotationNetworkSettings } from "./rotation-network";

export type { ResolvedRotationNetwork, RotationNetworkSettings, SecretsManagerEndpointMode } from "./rotation-network";
import { ROTATION_STRATEGIES, type RotationStrategy } from "../lambda/rotation/secret-value";
import { FieldChecks, LOG_RETENTION_DAYS } from "./field-checks";

/** Lambda architectures the function is built for (esbuild's bundle is plain JavaScript: both work). */
export const LAMBDA_ARCHITECTURES = ["arm64", "x86_64"] as const;

/** A Lambda architecture. */
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

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
  checkSuperuser(s, strategy, place, check);
  const caBundlePath = s.caBundlePath ?? "/var/runtime/ca-cert.pem";
  if (!caBundlePath.startsWith("/"))
    check.fail("rotation.caBundlePath", s.caBundlePath, "an absolute path inside the Lambda runtime");
  if (s.excludeCharacters !== undefined && typeof s.excludeCharacters !== "string")
    check.fail("rotation.excludeCharacters", s.excludeCharacters, "a string of characters");
  const network = resolveNetwork(s.network, check);
  return {
    hostAliases: hostAliasesOf(s.hostAliases, check),
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
    ...functionSizing(s, check),
    excludeCharacters: s.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
    caBundlePath,
  };
}

/** The superuser secret of the alternating-users strategy, and its key: ARNs of this partition and region. */
function checkSuperuser(s: RotationSettings, strategy: string, place: Place, check: FieldChecks): void {
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
}

/** The database's other names the secret's host may hold (RDS Proxy endpoints, DNS aliases). */
function hostAliasesOf(hostAliases: unknown, check: FieldChecks): string[] {
  const aliases: unknown = hostAliases ?? [];
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
  return Array.isArray(aliases) ? (aliases as string[]) : [];
}

/** The function's memory, timeout, concurrency, architecture, log retention and password length. */
function functionSizing(s: RotationSettings, check: FieldChecks) {
  return {
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
