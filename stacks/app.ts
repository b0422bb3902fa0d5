import type { App } from "cdktf";
import type { ResolvedEnvironment } from "../config/environment-config";
import { manifestsOf, SECRET_STORE } from "../kubernetes/eso-manifests";
import { prepareManifestValidation } from "../kubernetes/eso-validation";
import { ExternalSecretsOperatorStack, operatorStackName } from "./external-secrets-operator-stack";
import { ExternalSecretsSyncStack, syncStackName } from "./external-secrets-sync-stack";
import { SecretsStack, secretsStackName } from "./secrets-stack";

/** The stacks built for the environments. */
export interface EnvironmentStacks {
  /** `secrets-<env>` of each environment, in configuration order. */
  readonly secrets: readonly SecretsStack[];
  /** `external-secrets-operator-<env>` of each environment that has a cluster. */
  readonly operators: readonly ExternalSecretsOperatorStack[];
  /** `external-secrets-sync-<env>` of each environment that has a cluster. */
  readonly syncs: readonly ExternalSecretsSyncStack[];
}

/**
 * What must happen before {@link addEnvironmentStacks}, which is synchronous as construct trees are:
 * loading ESO's object models (ES modules, so asynchronously) when the sync stacks' manifests were not
 * validated before.
 */
export async function prepareEnvironmentStacks(environments: readonly ResolvedEnvironment[]): Promise<void> {
  await prepareManifestValidation(environments.filter((e) => e.kubernetes).map(manifestsOf), SECRET_STORE);
}

/**
 * Adds every stack of every environment to the app. Takes environments already validated by
 * `resolveEnvironments`, so that a bad value fails before the app (which creates its output
 * directory) exists.
 */
export function addEnvironmentStacks(app: App, environments: readonly ResolvedEnvironment[]): EnvironmentStacks {
  const secrets = environments.map(
    (environment) => new SecretsStack(app, secretsStackName(environment.name), { environment }),
  );
  const operators: ExternalSecretsOperatorStack[] = [];
  const syncs: ExternalSecretsSyncStack[] = [];
  for (const environment of environments.filter((e) => e.kubernetes)) {
    const operator = new ExternalSecretsOperatorStack(app, operatorStackName(environment.name), { environment });
    const sync = new ExternalSecretsSyncStack(app, syncStackName(environment.name), { environment });
    // The sync stack's manifests need the operator's CRDs: deploy order, and `cdktf deploy` honours it.
    sync.addDependency(operator);
    operators.push(operator);
    syncs.push(sync);
  }
  return { secrets, operators, syncs };
}
