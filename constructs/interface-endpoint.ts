import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link InterfaceEndpoint}. */
export interface InterfaceEndpointProps {
  /** The AWS service, as its endpoint service name ends: `secretsmanager`, `rds`. */
  readonly service: string;
  /** Names the endpoint's security group (`<name>-<service>-endpoint`). */
  readonly name: string;
  /** The region whose service the endpoint serves. */
  readonly region: string;
  /** The VPC. */
  readonly vpcId: string;
  /** Subnets the endpoint's network interfaces go in. */
  readonly subnetIds: readonly string[];
  /**
   * The CIDR admitted on 443: the VPC's. Private DNS makes the endpoint answer for the service's
   * name everywhere in the VPC, so every workload of the VPC must be able to reach it.
   */
  readonly vpcCidr: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An interface VPC endpoint of an AWS service (Secrets Manager, the RDS API) with private DNS, and its
 * security group admitting HTTPS from the whole VPC: with private DNS, the service's regional name
 * resolves to the endpoint for every workload of the VPC (EKS nodes, the External Secrets Operator, the
 * API), not only for the rotation function. Private DNS needs the VPC's `enableDnsSupport` and
 * `enableDnsHostnames`.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html
 * see: https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html (private DNS)
 */
export class InterfaceEndpoint extends Construct {
  /** The endpoint. */
  public readonly endpoint: VpcEndpoint;
  /** Its security group. */
  public readonly securityGroup: SecurityGroup;
  /** The rule that admits the clients. */
  public readonly ingress: VpcSecurityGroupIngressRule;

  constructor(scope: Construct, id: string, props: InterfaceEndpointProps) {
    super(scope, id);
    const { provider } = props;
    this.securityGroup = new SecurityGroup(this, "security-group", {
      provider,
      name: `${props.name}-${props.service}-endpoint`,
      description:
        props.service === "secretsmanager"
          ? "Secrets Manager VPC endpoint: HTTPS from the VPC"
          : `${props.service} VPC endpoint: HTTPS from the VPC`,
      vpcId: props.vpcId,
    });
    this.ingress = new VpcSecurityGroupIngressRule(this, "ingress", {
      provider,
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from the VPC (private DNS sends every workload of the VPC here)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    this.endpoint = new VpcEndpoint(this, "endpoint", {
      provider,
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.${props.service}`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.securityGroup.id],
    });
  }
}
