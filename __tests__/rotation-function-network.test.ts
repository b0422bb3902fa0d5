import { describe, expect, it } from "vitest";
import { RotationFunctionNetwork } from "../constructs/rotation-function-network";
import { blocks, onlyBlock, synthConstruct, synthSecretsStack, testNetwork } from "./helpers/stacks";

function synth(throughVpcEndpoint?: boolean) {
  return synthConstruct(
    (scope) =>
      new RotationFunctionNetwork(scope, "network", {
        functionName: "rotation",
        network: { ...testNetwork(), databasePort: 6432 },
        throughVpcEndpoints: throughVpcEndpoint,
      }),
  ).json;
}
const egress = (json: ReturnType<typeof synth>) =>
  Object.values(blocks(json, "resource", "aws_vpc_security_group_egress_rule"));

describe("RotationFunctionNetwork", () => {
  it("gives the function a security group with no inline rules, so Terraform removes the default allow-all egress", () => {
    const groups = Object.values(blocks(synth(), "resource", "aws_security_group"));
    expect(groups).toEqual([{ name: "rotation", description: expect.any(String), vpc_id: "vpc-0123456789abcdef0" }]);
  });

  it("lets it out only to the database port inside the VPC and to HTTPS for Secrets Manager through NAT", () => {
    expect(egress(synth()).map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      ["tcp", 6432, 6432, "10.0.0.0/16"],
      ["tcp", 443, 443, "0.0.0.0/0"],
    ]);
  });

  it("keeps HTTPS inside the VPC when Secrets Manager is reached through an endpoint", () => {
    expect(egress(synth(true)).find((r) => r.from_port === 443)?.cidr_ipv4).toBe("10.0.0.0/16");
  });

  it("admits the function to the database's security group on the database port, and nothing else", () => {
    expect(Object.values(blocks(synth(), "resource", "aws_vpc_security_group_ingress_rule"))).toEqual([
      expect.objectContaining({
        security_group_id: "sg-0123456789abcdef3",
        ip_protocol: "tcp",
        from_port: 6432,
        to_port: 6432,
        referenced_security_group_id: expect.stringMatching(
          /^\$\{aws_security_group\.network_security-group_\w+\.id\}$/,
        ),
      }),
    ]);
  });

  it("with the database stack's client group, adds no rule to any group it does not own and gives the function both groups", () => {
    // A group whose rules the database stack manages inline would drop a rule added here at its next apply.
    const { json } = synthSecretsStack({
      rotation: { network: { ...testNetwork(), databaseAccess: { clientSecurityGroupId: "sg-0123456789abcdef9" } } },
    });
    expect(blocks(json, "resource", "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(onlyBlock(json, "resource", "aws_lambda_function").vpc_config).toMatchObject({
      security_group_ids: [
        expect.stringMatching(/^\$\{aws_security_group\.rotation-network_security-group_\w+\.id\}$/),
        "sg-0123456789abcdef9",
      ],
    });
  });

  it("refuses a network without subnets", () => {
    expect(() =>
      synthConstruct(
        (scope) =>
          new RotationFunctionNetwork(scope, "network", {
            functionName: "rotation",
            network: { ...testNetwork(), subnetIds: [] },
          }),
      ),
    ).toThrow("network.subnetIds must name at least one subnet, got none");
  });
});
