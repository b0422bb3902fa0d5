import { ec2Id, type FieldChecks, IPV4_CIDR } from "./field-checks";

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

/** Checks the function's network settings (required while rotation is on). */
export function resolveNetwork(
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
  const subnets = checkSubnetsAndGroup(network, check);
  checkDatabaseAccess(network.databaseAccess, check);
  return {
    databaseAccess: network.databaseAccess,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetIds: subnets,
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

/** The function's subnets and the database's security group, each an id of its kind. */
function checkSubnetsAndGroup(network: RotationNetworkSettings, check: FieldChecks): string[] {
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
  return Array.isArray(subnets) ? (subnets as string[]) : [];
}

/** How the database admits the function: the database stack's client group, or a rule this stack adds. */
function checkDatabaseAccess(access: unknown, check: FieldChecks): void {
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
}
