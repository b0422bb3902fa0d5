import { describe, expect, it } from "vitest";
import { SecretsManagerEndpoint } from "../constructs/secrets-manager-endpoint";
import { blocks, onlyBlock, synthConstruct } from "./helpers/stacks";

describe("SecretsManagerEndpoint", () => {
  const json = () =>
    synthConstruct(
      (scope) =>
        new SecretsManagerEndpoint(scope, "endpoint", {
          name: "rotation",
          region: "eu-central-1",
          vpcId: "vpc-0123456789abcdef0",
          subnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
          clientSecurityGroupId: "sg-0123456789abcdef9",
        }),
    ).json;

  it("is an interface endpoint of the region's Secrets Manager with private DNS, in the given subnets", () => {
    expect(onlyBlock(json(), "resource", "aws_vpc_endpoint")).toMatchObject({
      service_name: "com.amazonaws.eu-central-1.secretsmanager",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      vpc_id: "vpc-0123456789abcdef0",
      subnet_ids: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
      security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\.endpoint_security-group_\w+\.id\}$/)],
    });
  });

  it("admits HTTPS from the client security group only", () => {
    expect(Object.values(blocks(json(), "resource", "aws_vpc_security_group_ingress_rule"))).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, referenced_security_group_id: "sg-0123456789abcdef9" }),
    ]);
  });
});
