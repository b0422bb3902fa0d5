import type { EnvironmentConfig } from "../../config/environment-config";

/** The worker's group `jobs` in a stack of its own: production with the worker, one setting changed. */
export function withJobsStack(config: EnvironmentConfig): EnvironmentConfig {
  return {
    ...config,
    access: {
      ...config.access,
      groups: { ...config.access.groups, jobs: { ...config.access.groups.jobs!, ownStack: true } },
    },
  };
}
