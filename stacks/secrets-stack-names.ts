import { rotationFunctionName } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import type { Placement } from "../config/placement";

/** The name of an environment's secrets stack. */
export function secretsStackName(environmentName: string): string {
  return `secrets-${environmentName}`;
}

/** Names of what the secrets stack creates that operators and `npm run verify` look up. */
export function secretsStackResourceNames(environmentName: string): {
  readonly trail: string;
  readonly security: string;
  readonly rotationFunction: string;
} {
  return {
    trail: `qualisys-${environmentName}`,
    security: `qualisys-${environmentName}-security`,
    rotationFunction: rotationFunctionName(environmentName),
  };
}

/** Account, region, partition and DNS suffix of the environment. */
export function placementOf(env: ResolvedEnvironment): Placement {
  return { accountId: env.accountId, region: env.region, partition: env.partition, dnsSuffix: env.dnsSuffix };
}

/** Tags every AWS resource of the stack carries, through the provider's default tags. */
export function defaultTagsOf(environment: ResolvedEnvironment): Record<string, string> {
  return {
    Project: "qualisys",
    Environment: environment.name,
    ManagedBy: "cdktf",
    Component: "secret-management",
  };
}
