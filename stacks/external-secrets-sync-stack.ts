import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { Construct } from "constructs";
import { QualisysStack } from "./qualisys-stack";
import { ClusterConnection } from "../constructs/cluster-connection";
import { configureStateBackend } from "../constructs/state-backend";
import { manifestsOf, SECRET_STORE, type KubernetesObject } from "../kubernetes/eso-manifests";
import { assertValidManifests } from "../kubernetes/eso-validation";
import type { ResolvedEnvironment } from "../config/environment-config";

/** Props of {@link ExternalSecretsSyncStack}. */
export interface ExternalSecretsSyncStackProps {
  /** The validated environment; must have `kubernetes` settings. */
  readonly environment: ResolvedEnvironment;
  /**
   * The workload namespaces whose SecretStore and ExternalSecrets this stack holds (a team's, or the
   * environment's own part).
   * @default - every workload namespace of the environment
   */
  readonly namespaces?: readonly string[];
}

/** The name of an environment's sync stack. */
export function syncStackName(environmentName: string): string {
  return `external-secrets-sync-${environmentName}`;
}

/** The name of a team's sync stack (a group with `ownStack`): `external-secrets-sync-<env>-<group>`. */
export function teamSyncStackName(environmentName: string, team: string): string {
  return `${syncStackName(environmentName)}-${team}`;
}

/** The manifests of a sync stack: every workload namespace's, or those of the given namespaces. */
export function syncStackManifests(env: ResolvedEnvironment, namespaces?: readonly string[]): KubernetesObject[] {
  return manifestsOf(env).filter((m) => !namespaces || namespaces.includes(m.metadata.namespace!));
}

/**
 * `external-secrets-sync-<env>`: the SecretStore of each workload namespace (reading as the workload's
 * own service account) and one ExternalSecret per workload namespace
 * and catalog secret it consumes. A separate stack, applied after the operator's: `kubernetes_manifest`
 * reads the CRD's schema from the cluster at plan time, so it cannot plan before the operator stack has
 * installed the CRDs. Every manifest is validated at synth with ESO's v1 object models (load them first
 * with `loadEsoModels()`).
 */
export class ExternalSecretsSyncStack extends QualisysStack {
  /** The manifests, as synthesized (also what the GitOps export writes). */
  public readonly manifests: readonly KubernetesObject[];

  constructor(scope: Construct, id: string, props: ExternalSecretsSyncStackProps) {
    super(scope, id);
    const env = props.environment;
    const kubernetes = env.kubernetes;
    if (!kubernetes) throw new Error(`environment ${env.name} has no kubernetes settings`);
    configureStateBackend(this, id, env.backend, env.region);
    new ClusterConnection(this, "cluster", {
      clusterName: kubernetes.clusterName,
      region: env.region,
      accountId: env.accountId,
      credentials: kubernetes.clusterCredentials,
    }).kubernetesProvider(this);

    this.manifests = syncStackManifests(env, props.namespaces);
    assertValidManifests(this.manifests, SECRET_STORE);
    const stores = new Map<string, Manifest>();
    for (const store of this.manifests.filter((m) => m.kind === "SecretStore")) {
      stores.set(
        store.metadata.namespace!,
        new Manifest(this, `secret-store-${store.metadata.namespace}`, { manifest: store }),
      );
    }
    for (const secret of this.manifests.filter((m) => m.kind === "ExternalSecret")) {
      new Manifest(this, `external-secret-${secret.metadata.namespace}-${secret.metadata.name}`, {
        manifest: secret,
        dependsOn: [stores.get(secret.metadata.namespace!)!],
      });
    }
  }
}
