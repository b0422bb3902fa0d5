import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { Construct } from "constructs";
import { QualisysStack } from "./qualisys-stack";
import { ClusterConnection } from "../constructs/cluster-connection";
import { configureStateBackend } from "../constructs/state-backend";
import { ESO_CHART, ESO_NAMESPACE } from "../kubernetes/eso-chart";
import type { ResolvedEnvironment } from "../config/environment-config";

/** Props of {@link ExternalSecretsOperatorStack}. */
export interface ExternalSecretsOperatorStackProps {
  /** The validated environment; must have `kubernetes` settings. */
  readonly environment: ResolvedEnvironment;
}

/** The name of an environment's operator stack. */
export function operatorStackName(environmentName: string): string {
  return `external-secrets-operator-${environmentName}`;
}

/**
 * `external-secrets-operator-<env>`: the External Secrets Operator in the cluster. Its namespace
 * (Pod Security Standard `restricted`) and the Helm release of the pinned chart with the typed values.
 * The operator has no AWS role of its own: each namespace's SecretStore reads as its workload.
 */
export class ExternalSecretsOperatorStack extends QualisysStack {
  /** The Helm release. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: ExternalSecretsOperatorStackProps) {
    super(scope, id);
    const env = props.environment;
    const kubernetes = env.kubernetes;
    if (!kubernetes) throw new Error(`environment ${env.name} has no kubernetes settings`);
    configureStateBackend(this, id, env.backend, env.region);
    const cluster = new ClusterConnection(this, "cluster", {
      clusterName: kubernetes.clusterName,
      region: env.region,
      accountId: env.accountId,
      credentials: kubernetes.clusterCredentials,
    });
    cluster.kubernetesProvider(this);
    cluster.helmProvider(this);

    const namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: ESO_NAMESPACE,
        labels: {
          // see: https://kubernetes.io/docs/concepts/security/pod-security-admission/
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
          "app.kubernetes.io/managed-by": "cdktf",
        },
      },
    });

    this.release = new Release(this, "external-secrets", {
      name: "external-secrets",
      repository: ESO_CHART.repository,
      chart: ESO_CHART.chart,
      version: ESO_CHART.version,
      namespace: ESO_NAMESPACE,
      createNamespace: false,
      atomic: true, // a failed install or upgrade rolls back
      wait: true,
      timeout: 600,
      // JSON is YAML: the typed values (the tests check them against the chart's values.schema.json).
      values: [JSON.stringify(kubernetes.values)],
      dependsOn: [namespace],
    });
  }
}
