import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESO_CHART } from "../kubernetes/eso-chart";
import { SECRET_STORE, type KubernetesObject } from "../kubernetes/eso-manifests";
import { assertValidManifests, loadEsoModels, manifestProblems } from "../kubernetes/eso-validation";
import type { ExternalSecretsHelmValues } from "../kubernetes/helm-values";
import { ConfigError } from "../config/config-error";
import { resolveEnvironments, type EnvironmentConfig } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { esoSchemaValidators } from "./helpers/eso-schemas";
import { blocks, onlyBlock, testEnvironment, testWorkloadAccess, type TerraformJson } from "./helpers/stacks";

const ENVIRONMENTS = ["dev", "staging", "production"];
let outdir: string;
const stackJson = (name: string) =>
  JSON.parse(readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson;
const manifestsOf = (env: string) =>
  Object.values(blocks(stackJson(`external-secrets-sync-${env}`), "resource", "kubernetes_manifest")).map(
    (m) => m.manifest as Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } },
  );

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "eso-"));
  outdir = path.join(dir, "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
  return () => rmSync(dir, { recursive: true, force: true });
});

describe("the External Secrets stacks", () => {
  it("exist for every environment, the sync stack depending on the operator stack", () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    for (const env of ENVIRONMENTS) {
      expect(manifest.stacks[`external-secrets-operator-${env}`]).toBeDefined();
      expect(manifest.stacks[`external-secrets-sync-${env}`]?.dependencies).toEqual([
        `external-secrets-operator-${env}`,
      ]);
    }
  });

  it("validate every SecretStore and ExternalSecret against ESO 2.9.0's whole v1 schemas, and the values against the chart's", () => {
    const validators = esoSchemaValidators();
    let checked = 0;
    for (const env of ENVIRONMENTS) {
      for (const manifest of manifestsOf(env)) {
        const validate = validators[manifest.kind as "SecretStore" | "ExternalSecret"];
        expect(
          validate(manifest),
          `${env} ${manifest.kind} ${manifest.metadata.name}: ${JSON.stringify(validate.errors)}`,
        ).toBe(true);
        expect(manifest.apiVersion).toBe("external-secrets.io/v1");
        checked++;
      }
      const release = onlyBlock(stackJson(`external-secrets-operator-${env}`), "resource", "helm_release");
      const values = JSON.parse((release.values as string[])[0]!) as unknown;
      expect(validators.values(values), JSON.stringify(validators.values.errors)).toBe(true);
    }
    // Per environment: two stores and an ExternalSecret per delivery (seven, and dev's and staging's sync canary).
    expect(checked).toBe(3 * (2 + 7) + 2);
  });

  it("install the pinned chart atomically, waiting, with a timeout, into a restricted namespace", () => {
    const json = stackJson("external-secrets-operator-production");
    expect(onlyBlock(json, "resource", "helm_release")).toMatchObject({
      chart: "external-secrets",
      repository: "https://charts.external-secrets.io",
      version: ESO_CHART.version,
      namespace: "external-secrets",
      atomic: true,
      wait: true,
      timeout: 600,
    });
    expect(ESO_CHART.version).toBe("2.9.0");
    expect(
      (onlyBlock(json, "resource", "kubernetes_namespace_v1").metadata as { labels: Record<string, string> }).labels,
    ).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });
  });

  it("give the operator no AWS identity, restricted security contexts, and production two replicas with budgets", () => {
    const values = (env: string) =>
      JSON.parse(
        (onlyBlock(stackJson(`external-secrets-operator-${env}`), "resource", "helm_release").values as string[])[0]!,
      ) as ExternalSecretsHelmValues;
    const prod = values("production");
    // no IRSA annotation: the operator reads with each namespace's workload identity, never its own
    expect(prod.serviceAccount).toEqual({ create: true, name: "external-secrets", annotations: {} });
    expect(prod.installCRDs).toBe(true);
    for (const component of [prod, prod.webhook, prod.certController]) {
      expect(component.replicaCount).toBe(2);
      expect(component.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
      expect(component.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
    }
    expect(prod.metrics).toEqual({ service: { enabled: true } });
    // two controllers: only the elected leader reconciles
    expect(prod.leaderElect).toBe(true);
    expect(values("dev").leaderElect).toBe(false);
    expect(values("dev").replicaCount).toBe(1);
    expect(values("dev").podDisruptionBudget).toEqual({ enabled: false });
  });

  it("connect to the cluster through variables and aws eks get-token, with no kubeconfig", () => {
    const json = stackJson("external-secrets-sync-dev");
    const [kubernetes] = (json.provider as unknown as { kubernetes: Record<string, unknown>[] }).kubernetes;
    expect(kubernetes).toEqual({
      host: "${var.cluster_endpoint}",
      cluster_ca_certificate: "${base64decode(var.cluster_ca_certificate)}",
      exec: [
        {
          api_version: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", "qualisys-dev", "--region", "us-east-1", "--output", "json"],
        },
      ],
    });
    expect(JSON.stringify(json)).not.toMatch(/config_path|kubeconfig/);
  });
});

describe("the operator stack", () => {
  it.each(ENVIRONMENTS)(
    "%s: creates no AWS resource: the operator reads no secret itself (an AWS provider only where the cluster token comes from aws_eks_cluster_auth)",
    (env) => {
      const json = stackJson(`external-secrets-operator-${env}`);
      expect(Object.keys(json.resource ?? {}).filter((type) => type.startsWith("aws_"))).toEqual([]);
      expect(
        Object.keys(json.data ?? {}).filter((type) => type.startsWith("aws_") && type !== "aws_eks_cluster_auth"),
      ).toEqual([]);
      // HCP Terraform's remote runs (production) read the token with the AWS provider; the others run aws eks get-token.
      expect(Object.keys((json.provider as object | undefined) ?? {}).sort()).toEqual(
        env === "production" ? ["aws", "helm", "kubernetes"] : ["helm", "kubernetes"],
      );
    },
  );
});

describe("the synced secrets", () => {
  it("use a SecretStore in each workload namespace, reading Secrets Manager of the region as the workload's own service account, and no ClusterSecretStore", () => {
    const stores = manifestsOf("staging")
      .filter((m) => m.kind.endsWith("SecretStore"))
      .sort((a, b) => a.metadata.namespace!.localeCompare(b.metadata.namespace!));
    expect(stores.map((m) => [m.kind, m.metadata.namespace, m.metadata.name])).toEqual([
      ["SecretStore", "qualisys-agents", "aws-secrets-manager"],
      ["SecretStore", "qualisys-api", "aws-secrets-manager"],
    ]);
    expect(stores.map((m) => (m as unknown as { spec: unknown }).spec)).toEqual([
      {
        provider: {
          aws: {
            service: "SecretsManager",
            region: "us-east-1",
            auth: { jwt: { serviceAccountRef: { name: "ai-agent" } } },
          },
        },
      },
      {
        provider: {
          aws: {
            service: "SecretsManager",
            region: "us-east-1",
            auth: { jwt: { serviceAccountRef: { name: "qualisys-api" } } },
          },
        },
      },
    ]);
  });

  it("give each namespace only the secrets its workloads consume", () => {
    const byNamespace = (env: string) => {
      const result: Record<string, string[]> = {};
      for (const m of manifestsOf(env).filter((m) => m.kind === "ExternalSecret"))
        (result[m.metadata.namespace!] ??= []).push(m.metadata.name);
      return Object.fromEntries(Object.entries(result).map(([ns, names]) => [ns, names.sort()]));
    };
    expect(byNamespace("production")).toEqual({
      "qualisys-api": ["database-connection", "email-postmark", "jwt-signing-key", "oauth-google", "redis-connection"],
      "qualisys-agents": ["llm-anthropic", "llm-openai"],
    });
  });

  it("map fields to the environment variables the applications read, refresh on schedule, own the target and keep it", () => {
    const find = (env: string, name: string) =>
      manifestsOf(env).find((m) => m.metadata.name === name)!.spec as {
        refreshInterval: string;
        data: { secretKey: string; remoteRef: unknown }[];
      };
    const database = find("production", "database-connection");
    expect(database).toMatchObject({
      refreshInterval: "1h",
      secretStoreRef: { name: "aws-secrets-manager", kind: "SecretStore" },
      target: { name: "database-connection", creationPolicy: "Owner", deletionPolicy: "Retain" },
    });
    expect(database.data).toContainEqual({
      secretKey: "DATABASE_URL",
      remoteRef: { key: "qualisys/database/connection", property: "connection_string" },
    });
    expect(find("staging", "database-connection").refreshInterval).toBe("30m");
    const keys = (env: string, name: string) =>
      (find(env, name).data as { secretKey: string }[]).map((d) => d.secretKey);
    expect(keys("production", "redis-connection")).toContain("REDIS_AUTH_TOKEN");
    expect(keys("production", "jwt-signing-key")).toEqual(["JWT_SECRET"]);
    expect(keys("production", "llm-openai")).toEqual(["OPENAI_API_KEY"]);
    expect(keys("production", "llm-anthropic")).toEqual(["ANTHROPIC_API_KEY"]);
    expect(keys("production", "oauth-google")).toEqual(["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]);
    expect(keys("production", "email-postmark")).toEqual(["POSTMARK_API_KEY"]);
    expect(keys("dev", "email-sendgrid")).toEqual(["SENDGRID_API_KEY"]);
  });
});

describe("manifest validation: ESO's object models, and the project's rules they leave open", () => {
  const good = () =>
    structuredClone(manifestsOf("dev").find((m) => m.kind === "ExternalSecret")!) as unknown as KubernetesObject & {
      spec: Record<string, Record<string, unknown>>;
    };
  beforeAll(loadEsoModels);

  it("accepts a synthesized manifest", () => {
    expect(manifestProblems(good(), SECRET_STORE)).toEqual([]);
  });

  it("rejects the story's v1beta1 (ESO 2.9 serves v1 only; v1beta1 stopped in v0.17)", () => {
    expect(manifestProblems({ ...good(), apiVersion: "external-secrets.io/v1beta1" }, SECRET_STORE)).toEqual([
      "data/apiVersion must be equal to one of the allowed values",
    ]);
  });

  it("rejects an ExternalSecret that names another store", () => {
    const manifest = good();
    manifest.spec.secretStoreRef!.name = "vault";
    expect(manifestProblems(manifest, SECRET_STORE)).toEqual([
      expect.stringMatching(/^spec\.secretStoreRef must name the SecretStore aws-secrets-manager/),
    ]);
  });

  it("stops synthesis on a field the CRD does not allow, with the library's message naming the field", () => {
    const manifest = good();
    manifest.spec.target!.creationPolicy = "Sometimes";
    expect(() => assertValidManifests([manifest], SECRET_STORE)).toThrow(
      "ExternalSecret qualisys-agents/llm-anthropic: data/spec/target/creationPolicy must be equal to one of the allowed values",
    );
  });
});

describe("Kubernetes settings reject bad input with the field named", () => {
  const withKubernetes = (kubernetes: Partial<NonNullable<EnvironmentConfig["kubernetes"]>>): ConfigError => {
    const config: EnvironmentConfig = {
      ...testEnvironment,
      access: testWorkloadAccess(),
      kubernetes: {
        clusterName: "qualisys-test",
        workloads: { api: { namespace: "qualisys-api" }, "ai-agent": { namespace: "qualisys-agents" } },
        ...kubernetes,
      },
    };
    try {
      resolveEnvironments([config]);
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error("expected a ConfigError");
  };

  it("a namespace name that Kubernetes rejects", () => {
    const error = withKubernetes({
      workloads: { api: { namespace: "Qualisys_API" }, "ai-agent": { namespace: "qualisys-agents" } },
    });
    expect(error.message).toContain(
      'environment "test": kubernetes.workloads.api.namespace is "Qualisys_API"; expected a Kubernetes namespace name',
    );
  });

  it("a refresh interval that is not a Go duration", () => {
    expect(withKubernetes({ refreshInterval: "1 hour" }).message).toContain(
      'environment "test": kubernetes.refreshInterval is "1 hour"; expected a Go duration such as "1h"',
    );
  });

  it("a consumer that names an unknown secret", () => {
    const error = withKubernetes({
      workloads: {
        api: { namespace: "qualisys-api", additionalSecrets: ["qualisys/llm/mistral"] },
        "ai-agent": { namespace: "qualisys-agents" },
      },
    });
    expect(error.message).toContain(
      'environment "test": kubernetes.workloads.api.additionalSecrets[0] is "qualisys/llm/mistral"; expected a secret of the catalog',
    );
  });

  it("a chart value the project does not type (a misspelt key)", () => {
    const error = withKubernetes({ operator: { values: { webhook: { replicaCont: 2 } as never } } });
    expect(error.message).toContain(
      'environment "test": kubernetes.operator.values.webhook.replicaCont is not a setting; did you mean kubernetes.operator.values.webhook.replicaCount?',
    );
  });

  it("a controller of two replicas without leader election (a project rule: the chart's schema only types the value)", () => {
    const error = withKubernetes({ operator: { replicaCount: 2, values: { leaderElect: false } } });
    expect(error.message).toContain(
      'environment "test": kubernetes.operator.values.leaderElect is false; expected true while the controller runs 2 replicas (replicaCount)',
    );
  });

  it("a namespace whose workload's service account no role trusts: its SecretStore would have no identity to read with", () => {
    const error = withKubernetes({
      workloads: { api: { namespace: "qualisys-web" }, "ai-agent": { namespace: "qualisys-agents" } },
    });
    expect(error.message).toContain(
      'environment "test": kubernetes.workloads.api.namespace is "qualisys-web"; expected a namespace whose workload\'s service account exactly one role of access.roles trusts (found 0)',
    );
  });

  it("a namespace that would sync a secret its workload's role may not read", () => {
    const error = withKubernetes({
      workloads: {
        api: { namespace: "qualisys-api" },
        "ai-agent": { namespace: "qualisys-agents", additionalSecrets: ["qualisys/database/connection"] },
      },
    });
    expect(error.message).toContain(
      'kubernetes.workloads.ai-agent is "ai-agent"; expected a workload whose role (test-ai-agent) may read what the namespace syncs: qualisys/database/connection is of the access group infra',
    );
  });

  it("a workload that consumes secrets but has no namespace", () => {
    const error = withKubernetes({ workloads: { api: { namespace: "qualisys-api" } } });
    expect(error.message).toContain(
      'environment "test": kubernetes.workloads.ai-agent is missing; expected the namespace of the workload ai-agent, which consumes qualisys/llm/openai, qualisys/llm/anthropic',
    );
  });
});

describe("the chart values against the chart's own schema (kept outside the repository)", () => {
  it("catch a value of the wrong type, which synthesis leaves to the typed values and Helm's own check at install", () => {
    const [environment] = resolveEnvironments([
      {
        ...testEnvironment,
        access: testWorkloadAccess(),
        kubernetes: {
          clusterName: "qualisys-test",
          workloads: { api: { namespace: "qualisys-api" }, "ai-agent": { namespace: "qualisys-agents" } },
          operator: { values: { replicaCount: "two" as unknown as number } },
        },
      },
    ]);
    const validate = esoSchemaValidators().values;
    expect(validate(environment!.kubernetes!.values)).toBe(false);
    expect(validate.errors).toEqual([
      expect.objectContaining({ instancePath: "/replicaCount", message: "must be integer" }),
    ]);
  });
});

describe("example environments", () => {
  it("all have a cluster", () => {
    expect(resolveEnvironments(exampleEnvironments).every((e) => e.kubernetes)).toBe(true);
  });
});
