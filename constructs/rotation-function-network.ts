import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { RotationNetworkSettings } from "../config/rotation-settings";

/** Props of {@link RotationFunctionNetwork}. */
export interface RotationFunctionNetworkProps {
  /** Name of the function: names the security group. */
  readonly functionName: string;
  /** The database's VPC, subnets, security group and port. */
  readonly network: RotationNetworkSettings;
  /**
   * Whether every AWS API the function calls (Secrets Manager, and the RDS API when it needs it) is
   * reached through an interface endpoint in the VPC: HTTPS then stays inside the VPC's CIDR; otherwise
   * it goes to the public endpoints through NAT (HTTPS to anywhere).
   * @default false
   */
  readonly throughVpcEndpoints?: boolean;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The rotation function's place in the database's network: its own security group, whose only ways
 * out are the database port inside the VPC and HTTPS to Secrets Manager; and the database's admission:
 * the client security group the database stack owns (beside the function's own), or, where the
 * configuration asks, a rule on the database's security group admitting the function's group.
 */
export class RotationFunctionNetwork extends Construct {
  /** The function's security group. */
  public readonly securityGroup: SecurityGroup;
  /** The subnets the function's network interfaces go in. */
  public readonly subnetIds: readonly string[];
  /** Egress to the database port inside the VPC. */
  public readonly egressDatabase: VpcSecurityGroupEgressRule;
  /** Egress on 443 to Secrets Manager. */
  public readonly egressSecretsManager: VpcSecurityGroupEgressRule;
  /** The rule on the database's security group that admits the function, when this stack adds it. */
  public readonly databaseIngress?: VpcSecurityGroupIngressRule;
  /** Every security group of the function: its own, and the database stack's client group when there is one. */
  public readonly securityGroupIds: readonly string[];

  constructor(scope: Construct, id: string, props: RotationFunctionNetworkProps) {
    super(scope, id);
    const { network, provider } = props;
    if (network.subnetIds.length === 0)
      throw new Error(`${this.node.path}: network.subnetIds must name at least one subnet, got none`);
    const databasePort = network.databasePort ?? 5432;
    this.subnetIds = [...network.subnetIds];

    this.securityGroup = new SecurityGroup(this, "security-group", {
      provider,
      name: props.functionName,
      description: "Secret rotation function: the database port and HTTPS to Secrets Manager, nothing else",
      vpcId: network.vpcId,
      // No inline rules: Terraform removes the default allow-all egress of a new group, and the
      // rules below are the only ones.
    });
    this.egressDatabase = new VpcSecurityGroupEgressRule(this, "egress-database", {
      provider,
      securityGroupId: this.securityGroup.id,
      description: "PostgreSQL inside the VPC",
      ipProtocol: "tcp",
      fromPort: databasePort,
      toPort: databasePort,
      cidrIpv4: network.vpcCidr,
    });
    this.egressSecretsManager = new VpcSecurityGroupEgressRule(this, "egress-secrets-manager", {
      provider,
      securityGroupId: this.securityGroup.id,
      description: props.throughVpcEndpoints
        ? "AWS APIs through VPC endpoints"
        : "AWS APIs (Secrets Manager, RDS) through NAT",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.throughVpcEndpoints ? network.vpcCidr : "0.0.0.0/0",
    });
    const access = network.databaseAccess;
    this.securityGroupIds =
      access === "ingress-rule" ? [this.securityGroup.id] : [this.securityGroup.id, access.clientSecurityGroupId];
    if (access !== "ingress-rule") return;
    this.databaseIngress = new VpcSecurityGroupIngressRule(this, "database-ingress", {
      provider,
      securityGroupId: network.databaseSecurityGroupId,
      description: `PostgreSQL from the secret rotation function ${props.functionName}`,
      ipProtocol: "tcp",
      fromPort: databasePort,
      toPort: databasePort,
      referencedSecurityGroupId: this.securityGroup.id,
    });
  }
}
