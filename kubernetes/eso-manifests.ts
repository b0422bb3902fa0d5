import { secretSlug, WORKLOAD_LABELS, type SecretDefinition, type Workload } from "../catalog/secret-catalog";
import { ESO_API_VERSION, ESO_NAMESPACE, ESO_SERVICE_ACCOUNT } from "./eso-chart";

/** A Kubernetes object, as kubernetes_manifest and YAML files hold it. */
export type KubernetesObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

/** What the store the ExternalSecrets name is called, and its kind. */
export interface StoreReference {
  readonly name: string;
  readonly kind: "ClusterSecretStore";
}

/** A secret synced into a workload's namespace (the access model's deliveries). */
export interface SyncedSecret {
  readonly namespace: string;
  readonly workload: Workload;
  readonly secretName: string;
  /** How often the operator re-reads it. */
  readonly refresh: { readonly interval: string };
}

/** A workload's namespace: the store serves it. */
export interface SyncedWorkload {
  readonly namespace: string;
}

/** What the manifests are built from: an environment's region, catalog and cluster settings. */
export interface SyncedEnvironment {
  readonly region: string;
  readonly catalog: readonly SecretDefinition[];
  readonly kubernetes?: { readonly workloads: readonly SyncedWorkload[] };
  /** Who reads what: the ExternalSecrets are its deliveries. */
  readonly accessModel: { readonly deliveries: readonly SyncedSecret[] };
}

/** The one store every ExternalSecret reads through. */
export const SECRET_STORE: StoreReference = { name: "aws-secrets-manager", kind: "ClusterSecretStore" };

const MANAGED_BY = { "app.kubernetes.io/managed-by": "cdktf", "app.kubernetes.io/part-of": "qualisys-secret-management" };

/** The Kubernetes Secret (and ExternalSecret) name of a catalog secret: `qualisys/llm/openai` -> `llm-openai`. */
export function kubernetesSecretName(secretName: string): string {
  return secretSlug(secretName).replace(/_/g, "-");
}

/**
 * The ClusterSecretStore `aws-secrets-manager`: Secrets Manager of the environment's region, reached
 * with the operator's own service account token (IRSA), and usable only from the workloads' namespaces.
 * see: https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export function clusterSecretStore(environment: SyncedEnvironment): KubernetesObject {
  const kubernetes = environment.kubernetes!;
  return {
    apiVersion: ESO_API_VERSION,
    kind: "ClusterSecretStore",
    metadata: { name: SECRET_STORE.name, labels: { ...MANAGED_BY } },
    spec: {
      provider: {
        aws: {
          service: "SecretsManager",
          region: environment.region,
          auth: { jwt: { serviceAccountRef: { name: ESO_SERVICE_ACCOUNT, namespace: ESO_NAMESPACE } } },
        },
      },
      // Only the workloads' namespaces may read through the store.
      conditions: [{ namespaces: kubernetes.workloads.map((w) => w.namespace) }],
    },
  };
}

/**
 * One ExternalSecret per workload namespace and secret the workload consumes: the Kubernetes Secret
 * named after the catalog secret, owned by the ExternalSecret and kept if the source disappears, with a
 * key per environment variable the application reads.
 * see: https://external-secrets.io/latest/api/externalsecret/
 */
export function externalSecrets(environment: SyncedEnvironment): KubernetesObject[] {
  return environment.accessModel.deliveries.map(({ namespace, workload, secretName: name, refresh }) => {
    const definition = environment.catalog.find((d) => d.name === name)!;
    const k8sName = kubernetesSecretName(name);
    return {
      apiVersion: ESO_API_VERSION,
      kind: "ExternalSecret",
      metadata: {
        name: k8sName,
        namespace,
        labels: { ...MANAGED_BY, "qualisys.io/workload": workload },
        annotations: { "qualisys.io/secret": name, "qualisys.io/consumer": WORKLOAD_LABELS[workload] },
      },
      spec: {
        refreshInterval: refresh.interval,
        secretStoreRef: { name: SECRET_STORE.name, kind: SECRET_STORE.kind },
        target: { name: k8sName, creationPolicy: "Owner", deletionPolicy: "Retain" },
        data: Object.entries(definition.environmentVariables).map(([field, variable]) => ({
          secretKey: variable,
          remoteRef: { key: name, property: field },
        })),
      },
    } as KubernetesObject;
  });
}

/** Every object of an environment's sync stack: the store, then the ExternalSecrets. */
export function manifestsOf(environment: SyncedEnvironment): KubernetesObject[] {
  return [clusterSecretStore(environment), ...externalSecrets(environment)];
}
