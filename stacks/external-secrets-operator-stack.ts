import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { QualisysStack } from "./qualisys-stack";
import { ClusterConnection } from "../constructs/cluster-connection";
import { ExternalSecretsOperatorRole } from "../constructs/external-secrets-operator-role";
import { configureStateBackend } from "../constructs/state-backend";
import { ESO_CHART, ESO_NAMESPACE, ESO_SERVICE_ACCOUNT } from "../kubernetes/eso-chart";
import type { ResolvedEnvironment } from "../config/environment-config";
import { defaultTagsOf } from "./secrets-stack";

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
 * (Pod Security Standard `restricted`), its IRSA role, and the Helm release of the pinned chart with
 * the typed values.
 */
export class ExternalSecretsOperatorStack extends QualisysStack {
  /** The operator's IAM role. */
  public readonly operatorRole: ExternalSecretsOperatorRole;
  /** The Helm release. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: ExternalSecretsOperatorStackProps) {
    super(scope, id);
    const env = props.environment;
    const kubernetes = env.kubernetes;
    if (!kubernetes || !env.access.eksOidcIssuer) throw new Error(`environment ${env.name} has no kubernetes settings or OIDC issuer`);

    new AwsProvider(this, "aws", { region: env.region, allowedAccountIds: [env.accountId], defaultTags: [{ tags: defaultTagsOf(env) }] });
    configureStateBackend(this, id, env.backend, env.region);
    const cluster = new ClusterConnection(this, "cluster", { clusterName: kubernetes.clusterName, region: env.region });
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

    this.operatorRole = new ExternalSecretsOperatorRole(this, "operator-role", {
      roleName: env.access.externalSecretsRoleName,
      placement: { accountId: env.accountId, region: env.region, partition: env.partition, dnsSuffix: env.dnsSuffix },
      eksOidcIssuer: env.access.eksOidcIssuer,
      namespace: ESO_NAMESPACE,
      serviceAccount: ESO_SERVICE_ACCOUNT,
      secretNamePrefix: "qualisys/",
      secretsKeyAlias: "alias/qualisys/secrets",
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
      dependsOn: [namespace, this.operatorRole.role],
    });

    new TerraformOutput(this, "operator_role_arn", { description: "ARN of the External Secrets Operator's IRSA role", value: this.operatorRole.role.arn });
  }
}
