import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import type { ClusterCredentials } from "../config/kubernetes-settings";

/** Props of {@link ClusterConnection}. */
export interface ClusterConnectionProps {
  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /** Region of the cluster. */
  readonly region: string;
  /** The account of the cluster: the only one the AWS provider of `"token"` credentials may act in. */
  readonly accountId: string;
  /**
   * How the providers get a token: the `aws_eks_cluster_auth` data source (no program runs: HCP
   * Terraform's remote runners have no AWS CLI), or `aws eks get-token` at each use.
   * @default "exec"
   */
  readonly credentials?: ClusterCredentials;
}

/**
 * How a stack reaches the EKS cluster, with no kubeconfig in the repository: the API endpoint and the
 * cluster CA come in as Terraform variables (outputs of the cluster story), and the token comes from the
 * credentials Terraform runs with, through the AWS provider's `aws_eks_cluster_auth` data source or the
 * AWS CLI's `aws eks get-token`.
 */
export class ClusterConnection extends Construct {
  /** The cluster's API server URL. */
  public readonly endpoint: string;
  /** The cluster's CA certificate, PEM. */
  public readonly caCertificate: string;
  private readonly auth:
    { readonly token: string } | { readonly exec: { apiVersion: string; command: string; args: string[] } };

  constructor(scope: Construct, id: string, props: ClusterConnectionProps) {
    super(scope, id);
    const endpoint = new TerraformVariable(this, "cluster_endpoint", {
      type: "string",
      description: `API server endpoint of the EKS cluster ${props.clusterName} (https://...)`,
      nullable: false,
    });
    endpoint.overrideLogicalId("cluster_endpoint");
    const ca = new TerraformVariable(this, "cluster_ca_certificate", {
      type: "string",
      description: `Certificate authority data of the EKS cluster ${props.clusterName}, base64 (as aws eks describe-cluster returns it)`,
      nullable: false,
    });
    ca.overrideLogicalId("cluster_ca_certificate");
    this.endpoint = endpoint.stringValue;
    this.caCertificate = Fn.base64decode(ca.stringValue);
    if ((props.credentials ?? "exec") === "token") {
      // see: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/eks_cluster_auth
      // The stack's only AWS provider, so the data source needs no provider argument.
      new AwsProvider(this, "aws", { region: props.region, allowedAccountIds: [props.accountId] });
      const auth = new DataAwsEksClusterAuth(this, "auth", { name: props.clusterName });
      this.auth = { token: auth.token };
    } else {
      // see: https://docs.aws.amazon.com/cli/latest/reference/eks/get-token.html
      this.auth = {
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", props.clusterName, "--region", props.region, "--output", "json"],
        },
      };
    }
  }

  /** A Kubernetes provider for the cluster, in the given stack. */
  public kubernetesProvider(scope: Construct): KubernetesProvider {
    return new KubernetesProvider(scope, "kubernetes", {
      host: this.endpoint,
      clusterCaCertificate: this.caCertificate,
      ...("token" in this.auth ? { token: this.auth.token } : { exec: [this.auth.exec] }),
    });
  }

  /** A Helm provider for the cluster, in the given stack. */
  public helmProvider(scope: Construct): HelmProvider {
    return new HelmProvider(scope, "helm", {
      kubernetes: {
        host: this.endpoint,
        clusterCaCertificate: this.caCertificate,
        ...("token" in this.auth ? { token: this.auth.token } : { exec: this.auth.exec }),
      },
    });
  }
}
