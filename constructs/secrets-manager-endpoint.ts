import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link SecretsManagerEndpoint}. */
export interface SecretsManagerEndpointProps {
  /** Names the endpoint's security group (`<name>-secretsmanager-endpoint`). */
  readonly name: string;
  /** The region whose Secrets Manager the endpoint serves. */
  readonly region: string;
  /** The VPC. */
  readonly vpcId: string;
  /** Subnets the endpoint's network interfaces go in. */
  readonly subnetIds: readonly string[];
  /** The security group admitted on 443: the clients of the endpoint. */
  readonly clientSecurityGroupId: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An interface VPC endpoint of Secrets Manager with private DNS, and its security group admitting
 * HTTPS from the given clients.
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html
 */
export class SecretsManagerEndpoint extends Construct {
  /** The endpoint. */
  public readonly endpoint: VpcEndpoint;
  /** Its security group. */
  public readonly securityGroup: SecurityGroup;
  /** The rule that admits the clients. */
  public readonly ingress: VpcSecurityGroupIngressRule;

  constructor(scope: Construct, id: string, props: SecretsManagerEndpointProps) {
    super(scope, id);
    const { provider } = props;
    this.securityGroup = new SecurityGroup(this, "security-group", {
      provider,
      name: `${props.name}-secretsmanager-endpoint`,
      description: "Secrets Manager VPC endpoint: HTTPS from the secret rotation function",
      vpcId: props.vpcId,
    });
    this.ingress = new VpcSecurityGroupIngressRule(this, "ingress", {
      provider,
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from the secret rotation function",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: props.clientSecurityGroupId,
    });
    this.endpoint = new VpcEndpoint(this, "endpoint", {
      provider,
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.secretsmanager`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.securityGroup.id],
    });
  }
}
