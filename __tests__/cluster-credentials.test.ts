import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { ExternalSecretsOperatorStack } from "../stacks/external-secrets-operator-stack";
import { ExternalSecretsSyncStack } from "../stacks/external-secrets-sync-stack";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * HCP Terraform's remote runners have no AWS CLI, so a provider that runs `aws eks get-token` fails every
 * remote plan ("executable aws not found"). An environment whose backend is HCP Terraform gets its
 * cluster token from the AWS provider's `aws_eks_cluster_auth` data source instead; others keep the exec
 * plugin, whose token never expires in the middle of a long apply.
 * see: https://developer.hashicorp.com/terraform/cloud-docs/run/run-environment
 * see: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/eks_cluster_auth
 */
function stacksOf(name: string, override: Record<string, unknown> = {}): TerraformJson[] {
  const config = exampleEnvironments.find((e) => e.name === name)!;
  const [environment] = resolveEnvironments([{ ...config, ...override }]);
  const app = Testing.app();
  return [
    new ExternalSecretsOperatorStack(app, "operator", { environment: environment! }),
    new ExternalSecretsSyncStack(app, "sync", { environment: environment! }),
  ].map((stack) => JSON.parse(Testing.synth(stack, true)) as TerraformJson);
}

/** Every place in a provider block that would run a program: `exec` at any depth. */
function execs(json: TerraformJson): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}[${i}]`));
    else if (node && typeof node === "object")
      for (const [key, value] of Object.entries(node)) {
        if (key === "exec") found.push(`${at}.exec`);
        walk(value, `${at}.${key}`);
      }
  };
  walk(json.provider, "provider");
  return found;
}

describe("how the cluster providers get a token", () => {
  it("production (HCP Terraform remote runs): no provider runs a program; the token comes from aws_eks_cluster_auth in the cluster's account", () => {
    for (const json of stacksOf("production")) {
      expect(execs(json)).toEqual([]);
      const providers = json.provider as unknown as Record<string, Record<string, unknown>[]>;
      const auth = Object.keys(blocks(json, "data", "aws_eks_cluster_auth"));
      expect(auth).toHaveLength(1);
      const token = `\${data.aws_eks_cluster_auth.${auth[0]!}.token}`;
      expect(providers.kubernetes![0]!.token).toBe(token);
      if (providers.helm) expect((providers.helm[0]!.kubernetes as Record<string, unknown>).token).toBe(token);
      expect(blocks(json, "data", "aws_eks_cluster_auth")[auth[0]!]!.name).toBe("qualisys-production");
      expect(providers.aws![0]).toMatchObject({ region: "us-east-1", allowed_account_ids: ["333333333333"] });
    }
  });

  it("dev and staging (local and S3 backends): aws eks get-token, unless the configuration asks for the token", () => {
    for (const name of ["dev", "staging"])
      for (const json of stacksOf(name)) {
        expect(execs(json).length, name).toBeGreaterThan(0);
        expect(blocks(json, "data", "aws_eks_cluster_auth")).toEqual({});
      }
    const dev = exampleEnvironments.find((e) => e.name === "dev")!;
    for (const json of stacksOf("dev", { kubernetes: { ...dev.kubernetes!, clusterCredentials: "token" } }))
      expect(execs(json)).toEqual([]);
  });

  it("refuses an unknown way", () => {
    const dev = exampleEnvironments.find((e) => e.name === "dev")!;
    expect(() =>
      resolveEnvironments([{ ...dev, kubernetes: { ...dev.kubernetes!, clusterCredentials: "kubeconfig" as "exec" } }]),
    ).toThrow('environment "dev": kubernetes.clusterCredentials is "kubeconfig"; expected one of token, exec');
  });
});
