import type { App } from "cdktf";
import type { ResolvedEnvironment } from "../config/environment-config";
import { SECRET_STORE } from "../kubernetes/eso-manifests";
import { prepareManifestValidation } from "../kubernetes/eso-validation";
import { ExternalSecretsOperatorStack, operatorStackName } from "./external-secrets-operator-stack";
import {
  ExternalSecretsSyncStack,
  syncStackManifests,
  syncStackName,
  teamSyncStackName,
} from "./external-secrets-sync-stack";
import { SecretsStack, secretsStackName } from "./secrets-stack";
import { TeamSecretsStack, teamSecretsStackName } from "./team-secrets-stack";

/** The stacks built for the environments. */
export interface EnvironmentStacks {
  /** `secrets-<env>` of each environment, in configuration order. */
  readonly secrets: readonly SecretsStack[];
  /** `secrets-<env>-<group>` of each group with `ownStack`. */
  readonly teams: readonly TeamSecretsStack[];
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
  await prepareManifestValidation(
    environments
      .filter((e) => e.kubernetes)
      .flatMap((e) => e.stackParts.map((part) => syncStackManifests(e, part.namespaces))),
    SECRET_STORE,
  );
}

/**
 * Adds every stack of every environment to the app. Takes environments already validated by
 * `resolveEnvironments`, so that a bad value fails before the app (which creates its output
 * directory) exists.
 */
export function addEnvironmentStacks(app: App, environments: readonly ResolvedEnvironment[]): EnvironmentStacks {
  const secrets: SecretsStack[] = [];
  const teams: TeamSecretsStack[] = [];
  for (const environment of environments) {
    const main = new SecretsStack(app, secretsStackName(environment.name), { environment });
    secrets.push(main);
    for (const { team } of environment.stackParts.filter((p) => p.team !== undefined)) {
      const stack = new TeamSecretsStack(app, teamSecretsStackName(environment.name, team!), {
        environment,
        team: team!,
      });
      // The team's secrets are encrypted with the environment stack's key, which must exist first.
      stack.addDependency(main);
      teams.push(stack);
    }
  }
  const operators: ExternalSecretsOperatorStack[] = [];
  const syncs: ExternalSecretsSyncStack[] = [];
  for (const environment of environments.filter((e) => e.kubernetes)) {
    const operator = new ExternalSecretsOperatorStack(app, operatorStackName(environment.name), { environment });
    operators.push(operator);
    for (const part of environment.stackParts) {
      if (part.team !== undefined && part.namespaces.length === 0) continue;
      const name = part.team ? teamSyncStackName(environment.name, part.team) : syncStackName(environment.name);
      const sync = new ExternalSecretsSyncStack(app, name, { environment, namespaces: part.namespaces });
      // The sync stack's manifests need the operator's CRDs: deploy order, and `cdktf deploy` honours it.
      sync.addDependency(operator);
      syncs.push(sync);
    }
  }
  return { secrets, teams, operators, syncs };
}

/** The names of an environment's stacks, in deploy order (a team's after the environment's). */
export function environmentStackNames(environment: ResolvedEnvironment): string[] {
  const teams = environment.stackParts.filter((p) => p.team !== undefined);
  return [
    secretsStackName(environment.name),
    ...teams.map((p) => teamSecretsStackName(environment.name, p.team!)),
    ...(environment.kubernetes
      ? [
          operatorStackName(environment.name),
          syncStackName(environment.name),
          ...teams.filter((p) => p.namespaces.length > 0).map((p) => teamSyncStackName(environment.name, p.team!)),
        ]
      : []),
  ];
}
