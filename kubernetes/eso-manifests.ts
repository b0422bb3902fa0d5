import { secretSlug, type SecretDefinition } from "../catalog/secret-catalog";
import { ESO_API_VERSION } from "./eso-chart";

/** A Kubernetes object, as kubernetes_manifest and YAML files hold it. */
export type KubernetesObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

/** What the store the ExternalSecrets name is called, and its kind. */
export interface StoreReference {
  readonly name: string;
  readonly kind: "SecretStore";
}

/** A secret synced into a workload's namespace (the access model's deliveries). */
export interface SyncedSecret {
  readonly namespace: string;
  readonly workload: string;
  readonly secretName: string;
  /** How often the operator re-reads it. */
  readonly refresh: { readonly interval: string };
}

/** A workload's namespace, and the service account its SecretStore reads as. */
export interface SyncedWorkload {
  readonly workload: string;
  /** What runs there (the `qualisys.io/consumer` annotation). */
  readonly description: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** What the manifests are built from: an environment's region, catalog and cluster settings. */
export interface SyncedEnvironment {
  readonly region: string;
  readonly catalog: readonly SecretDefinition[];
  readonly kubernetes?: { readonly workloads: readonly SyncedWorkload[] };
  /** Who reads what: the ExternalSecrets are its deliveries. */
  readonly accessModel: { readonly deliveries: readonly SyncedSecret[] };
}

/** The store of each workload namespace, which its ExternalSecrets read through. */
export const SECRET_STORE: StoreReference = { name: "aws-secrets-manager", kind: "SecretStore" };

const MANAGED_BY = {
  "app.kubernetes.io/managed-by": "cdktf",
  "app.kubernetes.io/part-of": "qualisys-secret-management",
};

/** The Kubernetes Secret (and ExternalSecret) name of a catalog secret: `qualisys/llm/openai` -> `llm-openai`. */
export function kubernetesSecretName(secretName: string): string {
  return secretSlug(secretName).replace(/_/g, "-");
}

/**
 * The SecretStore `aws-secrets-manager` of each workload namespace: Secrets Manager of the region, read
 * with a token of the workload's own service account (IRSA: its role, and so its access groups). A
 * SecretStore serves only its own namespace, and there is no ClusterSecretStore, so an ExternalSecret in
 * one namespace cannot read with another workload's role: a namespace syncs only what its workload may read.
 * see: https://external-secrets.io/latest/provider/aws-secrets-manager/#eks-service-account-credentials
 * see: https://external-secrets.io/latest/api/secretstore/
 */
export function secretStores(environment: SyncedEnvironment): KubernetesObject[] {
  return environment.kubernetes!.workloads.map((workload) => ({
    apiVersion: ESO_API_VERSION,
    kind: "SecretStore",
    metadata: { name: SECRET_STORE.name, namespace: workload.namespace, labels: { ...MANAGED_BY } },
    spec: {
      provider: {
        aws: {
          service: "SecretsManager",
          region: environment.region,
          auth: { jwt: { serviceAccountRef: { name: workload.serviceAccount } } },
        },
      },
    },
  }));
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
    const consumer = environment.kubernetes?.workloads.find((w) => w.workload === workload)?.description ?? workload;
    return {
      apiVersion: ESO_API_VERSION,
      kind: "ExternalSecret",
      metadata: {
        name: k8sName,
        namespace,
        labels: { ...MANAGED_BY, "qualisys.io/workload": workload },
        annotations: { "qualisys.io/secret": name, "qualisys.io/consumer": consumer },
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

/** Every object of an environment's sync stack: the stores, then the ExternalSecrets. */
export function manifestsOf(environment: SyncedEnvironment): KubernetesObject[] {
  return [...secretStores(environment), ...externalSecrets(environment)];
}
