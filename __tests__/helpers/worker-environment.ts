import type { EnvironmentConfig } from "../../config/environment-config";
import { exampleEnvironments } from "../../config/example-environments";

/**
 * Production's example configuration as a platform team would grow it, with no code change: a new
 * workload `worker` in a namespace of its own, reading a new access group `jobs` (category `queue`) with
 * one new secret, through its own IRSA role. Only configuration: what issue 21 asks to work.
 */
export function productionWithWorker(): EnvironmentConfig {
  const production = exampleEnvironments.find((e) => e.name === "production")!;
  return {
    ...production,
    additionalSecrets: [
      ...(production.additionalSecrets ?? []),
      {
        name: "qualisys/queue/broker",
        description: "Message broker URL and credentials of the background worker",
        fields: { url: { kind: "operator" } },
        consumers: ["worker"],
        rotation: { kind: "manual", cadence: "quarterly", procedure: "Rotate the broker user, then put the new URL" },
        responsible: "Worker team",
        environmentVariables: { url: "BROKER_URL" },
      },
    ],
    access: {
      ...production.access,
      groups: { ...production.access.groups, jobs: { categories: ["queue"], description: "Background job queue" } },
      roles: [
        ...(production.access.roles ?? []),
        {
          name: "qualisys-production-worker",
          description: "Worker pods: the job queue",
          accessGroups: ["jobs"],
          trust: { kind: "eks-service-account", namespace: "qualisys-worker", serviceAccount: "worker" },
        },
      ],
    },
    kubernetes: {
      ...production.kubernetes!,
      workloads: {
        ...production.kubernetes!.workloads,
        worker: { namespace: "qualisys-worker", description: "Worker pods" },
      },
    },
  };
}
