import type { App } from "cdktf";
import type { ResolvedEnvironment } from "./environment-config";
import { SecretsStack, secretsStackName } from "./secrets-stack";

/** The stacks built for the environments. */
export interface EnvironmentStacks {
  /** `secrets-<env>` of each environment, in configuration order. */
  readonly secrets: readonly SecretsStack[];
}

/**
 * Adds every stack of every environment to the app. Takes environments already validated by
 * `resolveEnvironments`, so that a bad value fails before the app (which creates its output
 * directory) exists.
 */
export function addEnvironmentStacks(app: App, environments: readonly ResolvedEnvironment[]): EnvironmentStacks {
  return {
    secrets: environments.map((environment) => new SecretsStack(app, secretsStackName(environment.name), { environment })),
  };
}
