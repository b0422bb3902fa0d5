import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ClusterConnection } from "../constructs/cluster-connection";
import { configureStateBackend } from "../constructs/state-backend";
import { clusterSecretStore, externalSecrets, SECRET_STORE, type KubernetesObject } from "../kubernetes/eso-manifests";
import { validateManifest } from "../kubernetes/eso-schemas";
import type { ResolvedEnvironment } from "./environment-config";

/** Props of {@link ExternalSecretsSyncStack}. */
export interface ExternalSecretsSyncStackProps {
  /** The validated environment; must have `kubernetes` settings. */
  readonly environment: ResolvedEnvironment;
}

/** The name of an environment's sync stack. */
export function syncStackName(environmentName: string): string {
  return `external-secrets-sync-${environmentName}`;
}

/** Thrown when a synthesized manifest fails ESO's schema or the project's own checks. */
export class ManifestValidationError extends Error {
  constructor(problems: readonly string[]) {
    super(`External Secrets manifests do not validate:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ManifestValidationError";
  }
}

/** Validates manifests against ESO's v1 schemas and the store reference; throws naming each problem. */
export function assertValidManifests(manifests: readonly KubernetesObject[]): void {
  const problems = manifests.flatMap((m) =>
    validateManifest(m, SECRET_STORE).map((p) => `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ""}${m.metadata.name}: ${p.path} ${p.message}`),
  );
  if (problems.length > 0) throw new ManifestValidationError(problems);
}

/**
 * `external-secrets-sync-<env>`: the ClusterSecretStore and one ExternalSecret per workload namespace
 * and catalog secret it consumes. A separate stack, applied after the operator's: `kubernetes_manifest`
 * reads the CRD's schema from the cluster at plan time, so it cannot plan before the operator stack has
 * installed the CRDs. Every manifest is validated at synth against ESO 2.9.0's v1 schemas.
 */
export class ExternalSecretsSyncStack extends TerraformStack {
  /** The manifests, as synthesized (also what the GitOps export writes). */
  public readonly manifests: readonly KubernetesObject[];

  constructor(scope: Construct, id: string, props: ExternalSecretsSyncStackProps) {
    super(scope, id);
    const env = props.environment;
    const kubernetes = env.kubernetes;
    if (!kubernetes) throw new Error(`environment ${env.name} has no kubernetes settings`);
    configureStateBackend(this, id, env.backend, env.region);
    new ClusterConnection(this, "cluster", { clusterName: kubernetes.clusterName, region: env.region }).kubernetesProvider(this);

    const store = clusterSecretStore(env);
    const secrets = externalSecrets(env);
    this.manifests = [store, ...secrets];
    assertValidManifests(this.manifests);

    const storeResource = new Manifest(this, "cluster-secret-store", { manifest: store });
    for (const secret of secrets) {
      new Manifest(this, `external-secret-${secret.metadata.namespace}-${secret.metadata.name}`, {
        manifest: secret,
        dependsOn: [storeResource],
      });
    }
  }
}
