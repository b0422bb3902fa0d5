import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link ClusterConnection}. */
export interface ClusterConnectionProps {
  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /** Region of the cluster. */
  readonly region: string;
}

/**
 * How a stack reaches the EKS cluster, with no kubeconfig in the repository: the API endpoint and the
 * cluster CA come in as Terraform variables (outputs of the cluster story), and each run gets a
 * short-lived token from `aws eks get-token` with the credentials Terraform runs with.
 */
export class ClusterConnection extends Construct {
  /** The cluster's API server URL. */
  public readonly endpoint: string;
  /** The cluster's CA certificate, PEM. */
  public readonly caCertificate: string;
  private readonly exec: { apiVersion: string; command: string; args: string[] };

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
    // see: https://docs.aws.amazon.com/cli/latest/reference/eks/get-token.html
    this.exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", props.clusterName, "--region", props.region, "--output", "json"],
    };
  }

  /** A Kubernetes provider for the cluster, in the given stack. */
  public kubernetesProvider(scope: Construct): KubernetesProvider {
    return new KubernetesProvider(scope, "kubernetes", {
      host: this.endpoint,
      clusterCaCertificate: this.caCertificate,
      exec: [this.exec],
    });
  }

  /** A Helm provider for the cluster, in the given stack. */
  public helmProvider(scope: Construct): HelmProvider {
    return new HelmProvider(scope, "helm", {
      kubernetes: { host: this.endpoint, clusterCaCertificate: this.caCertificate, exec: this.exec },
    });
  }
}
