import { describe, expect, it } from "vitest";
import { InterfaceEndpoint } from "../constructs/interface-endpoint";
import { blocks, onlyBlock, synthConstruct, synthSecretsStack, testNetwork } from "./helpers/stacks";

/**
 * Whether an ingress rule admits TCP from `ip` on `port`: a security group admits traffic that any of
 * its rules allows (source CIDR contains the address, port within the range).
 * see: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
function admits(rule: Record<string, unknown>, ip: string, port: number): boolean {
  if (rule.ip_protocol !== "tcp" || typeof rule.cidr_ipv4 !== "string") return false;
  const [base, bits] = rule.cidr_ipv4.split("/") as [string, string];
  const toNumber = (address: string) => address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  const inside = (toNumber(ip) & mask) >>> 0 === (toNumber(base) & mask) >>> 0;
  return inside && port >= Number(rule.from_port) && port <= Number(rule.to_port);
}

describe("InterfaceEndpoint", () => {
  const json = () =>
    synthConstruct(
      (scope) =>
        new InterfaceEndpoint(scope, "endpoint", {
          service: "secretsmanager",
          name: "rotation",
          region: "eu-central-1",
          vpcId: "vpc-0123456789abcdef0",
          subnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
          vpcCidr: "10.0.0.0/16",
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

  it("admits HTTPS from every workload of the VPC, since private DNS sends them all to it, and nothing from outside", () => {
    // With private DNS, secretsmanager.<region>.amazonaws.com resolves to the endpoint for the whole VPC:
    // EKS nodes, the External Secrets Operator and the API reach Secrets Manager only through it.
    // see: https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns
    const rules = Object.values(blocks(json(), "resource", "aws_vpc_security_group_ingress_rule"));
    const reachable = (ip: string, port: number) => rules.some((rule) => admits(rule, ip, port));
    expect(reachable("10.0.64.17", 443)).toBe(true); // an EKS node of the VPC
    expect(reachable("10.0.3.9", 443)).toBe(true); // the rotation function's interface
    expect(reachable("10.1.0.5", 443)).toBe(false); // another VPC
    expect(reachable("10.0.64.17", 80)).toBe(false);
  });
});

describe("the rotation settings' endpoint modes", () => {
  it("create nothing by default, and nothing when the VPC's own endpoint is named", () => {
    expect(blocks(synthSecretsStack().json, "resource", "aws_vpc_endpoint")).toEqual({});
    const existing = synthSecretsStack({
      rotation: {
        network: { ...testNetwork(), secretsManagerEndpoint: { existingEndpointId: "vpce-0123456789abcdef0" } },
      },
    }).json;
    expect(blocks(existing, "resource", "aws_vpc_endpoint")).toEqual({});
    // and the function's HTTPS stays inside the VPC
    expect(
      Object.values(blocks(existing, "resource", "aws_vpc_security_group_egress_rule")).find((r) => r.from_port === 443)
        ?.cidr_ipv4,
    ).toBe("10.0.0.0/16");
  });

  it("reject anything else, naming the field and the choices", () => {
    expect(() =>
      synthSecretsStack({ rotation: { network: { ...testNetwork(), secretsManagerEndpoint: true as never } } }),
    ).toThrow(
      'environment "test": rotation.network.secretsManagerEndpoint is true; expected "none", "create" or { existingEndpointId: "vpce-..." }',
    );
  });

  it("give the function a way to the RDS API when an RDS-managed superuser secret needs it: an endpoint, or HTTPS out through NAT", () => {
    const alternating = {
      strategy: "alternating-users" as const,
      masterSecretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf",
    };
    const https = (json: ReturnType<typeof synthSecretsStack>["json"]) =>
      Object.values(blocks(json, "resource", "aws_vpc_security_group_egress_rule")).find((r) => r.from_port === 443)
        ?.cidr_ipv4;
    // both APIs through endpoints: HTTPS stays in the VPC, and the RDS endpoint exists
    const both = synthSecretsStack({
      rotation: {
        ...alternating,
        network: { ...testNetwork(), secretsManagerEndpoint: "create", rdsApiEndpoint: "create" },
      },
    }).json;
    expect(
      Object.values(blocks(both, "resource", "aws_vpc_endpoint"))
        .map((e) => e.service_name)
        .sort(),
    ).toEqual(["com.amazonaws.eu-central-1.rds", "com.amazonaws.eu-central-1.secretsmanager"]);
    expect(https(both)).toBe("10.0.0.0/16");
    // Secrets Manager through an endpoint but RDS not: HTTPS must reach RDS's public endpoint through NAT
    const smOnly = synthSecretsStack({
      rotation: { ...alternating, network: { ...testNetwork(), secretsManagerEndpoint: "create" } },
    }).json;
    expect(https(smOnly)).toBe("0.0.0.0/0");
    // single user calls no RDS API: no RDS endpoint, whatever the setting
    const single = synthSecretsStack({
      rotation: { network: { ...testNetwork(), secretsManagerEndpoint: "create", rdsApiEndpoint: "create" } },
    }).json;
    expect(Object.values(blocks(single, "resource", "aws_vpc_endpoint")).map((e) => e.service_name)).toEqual([
      "com.amazonaws.eu-central-1.secretsmanager",
    ]);
  });
});
