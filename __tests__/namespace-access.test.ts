import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { simulate } from "./helpers/iam-simulator";
import { roleIdentityStatements, secretsWithPolicies, type DocumentStatement } from "./helpers/policy-documents";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * Which secrets an ExternalSecret in a namespace can sync, through the synthesized ESO objects and IAM
 * together, modelling what ESO and EKS document:
 * - an ExternalSecret uses a SecretStore of its own namespace, or a ClusterSecretStore whose conditions
 *   admit the namespace (see: https://external-secrets.io/latest/api/secretstore/ and .../clustersecretstore/);
 * - a store with `auth.jwt.serviceAccountRef` reads with a token of that service account of the store's
 *   namespace, whose `sub` is `system:serviceaccount:<namespace>:<name>`, exchanged for the role whose
 *   trust admits that subject (see: https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html);
 * - that role reads a secret when the IAM simulator allows GetSecretValue under its identity policies
 *   and the secret's resource policy.
 */
let outdir: string;
beforeAll(async () => {
  outdir = path.join(mkdtempSync(path.join(os.tmpdir(), "namespaces-")), "out");
  await synthesizeToDirectory(exampleEnvironments, outdir);
});

interface Store {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: {
    conditions?: { namespaces?: string[] }[];
    provider: { aws: { auth: { jwt: { serviceAccountRef: { name: string; namespace?: string } } } } };
  };
}

const stack = (name: string) =>
  JSON.parse(readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson;

/** The roles of the secrets stack whose trust admits a service account's token subject. */
function rolesTrusting(json: TerraformJson, subject: string): string[] {
  const documents = blocks(json, "data", "aws_iam_policy_document");
  return Object.values(blocks(json, "resource", "aws_iam_role"))
    .filter((role) => {
      const name = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(role.assume_role_policy))?.[1];
      const statements = (name ? documents[name]!.statement : []) as DocumentStatement[];
      return statements.some((s) =>
        (s.condition ?? []).some(
          (c) => c.test === "StringEquals" && c.variable.endsWith(":sub") && c.values.includes(subject),
        ),
      );
    })
    .map((role) => String(role.name));
}

async function syncable(env: string, namespace: string): Promise<string[]> {
  const environment = resolveEnvironments(exampleEnvironments).find((e) => e.name === env)!;
  const secretsJson = stack(`secrets-${env}`);
  const stores = Object.values(blocks(stack(`external-secrets-sync-${env}`), "resource", "kubernetes_manifest"))
    .map((m) => m.manifest as Store)
    .filter((m) => m.kind === "SecretStore" || m.kind === "ClusterSecretStore");
  const usable = stores.filter((s) =>
    s.kind === "SecretStore"
      ? s.metadata.namespace === namespace
      : (s.spec.conditions ?? []).some((c) => c.namespaces?.includes(namespace)),
  );
  // Roles of both AWS-bearing stacks: the operator stack once had the operator's own role.
  const roleStacks = [secretsJson, stack(`external-secrets-operator-${env}`)];
  const identities = new Map(
    roleStacks.flatMap((json) => [
      ...roleIdentityStatements(json, environment.partition, environment.region, environment.accountId),
    ]),
  );
  const secrets = secretsWithPolicies(secretsJson, environment.partition, environment.region, environment.accountId);
  const readable = new Set<string>();
  for (const store of usable) {
    const account = store.spec.provider.aws.auth.jwt.serviceAccountRef;
    const saNamespace = store.kind === "SecretStore" ? store.metadata.namespace! : account.namespace!;
    for (const roleName of roleStacks.flatMap((json) =>
      rolesTrusting(json, `system:serviceaccount:${saNamespace}:${account.name}`),
    )) {
      const roleArn = `arn:aws:iam::${environment.accountId}:role/${roleName}`;
      for (const secret of secrets) {
        if (
          (await simulate(
            { principalArn: roleArn, action: "secretsmanager:GetSecretValue", resource: secret.arn },
            identities.get(roleArn) ?? [],
            secret.resourcePolicy,
          )) === "Allowed"
        )
          readable.add(secret.name);
      }
    }
  }
  return [...readable].sort();
}

describe("what an ExternalSecret in each namespace can sync, through the ESO objects and IAM", () => {
  it.each(["dev", "staging", "production"])(
    "%s: the AI agents' namespace syncs the LLM keys and nothing else: an ExternalSecret for the database secret there is refused",
    async (env) => {
      expect(await syncable(env, "qualisys-agents")).toEqual(["qualisys/llm/anthropic", "qualisys/llm/openai"]);
    },
  );

  it.each(["dev", "staging", "production"])(
    "%s: the API's namespace still syncs its own secrets, and no LLM key",
    async (env) => {
      const email = env === "production" ? "postmark" : "sendgrid";
      expect(await syncable(env, "qualisys-api")).toEqual(
        [
          "qualisys/database/connection",
          "qualisys/redis/connection",
          "qualisys/jwt/signing-key",
          "qualisys/oauth/google",
          `qualisys/email/${email}`,
          // dev's and staging's own: what `npm run verify -- --sync-check` overwrites.
          ...(env !== "production" ? ["qualisys/integrations/sync-canary"] : []),
        ].sort(),
      );
    },
  );

  it("a namespace with no store syncs nothing, and no ClusterSecretStore serves every namespace", async () => {
    expect(await syncable("production", "default")).toEqual([]);
    const kinds = Object.values(
      blocks(stack("external-secrets-sync-production"), "resource", "kubernetes_manifest"),
    ).map((m) => (m.manifest as Store).kind);
    expect(kinds).not.toContain("ClusterSecretStore");
  });
});
