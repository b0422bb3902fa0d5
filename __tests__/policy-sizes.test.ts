import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { resolveEnvironments, type ResolvedEnvironment } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { partnerSecrets, scaledEnvironment } from "../config/scaled-example";
import { largestPolicies } from "../tooling/policy-sizes";
import { SecretsStack } from "../stacks/secrets-stack";
import { serviceControlPolicy } from "../tooling/service-control-policy";
import { documentOf, toIamPolicy } from "./helpers/iam-simulator";
import { blocks, type TerraformJson } from "./helpers/stacks";

/**
 * Every policy the secrets stack writes, rendered as AWS will hold it once Terraform has filled in the
 * ARNs (the helper gives each reference the ARN its resource would have; anything else it cannot name
 * becomes 100 characters), against AWS's limit for its kind. IAM and Organizations count characters
 * without whitespace.
 * see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * see: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 * see: https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html
 * see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html (bucket policy 20 KB)
 */
const LIMITS = {
  "managed policy": 6144,
  "role's inline policies": 10240,
  "trust policy": 2048,
  "secret resource policy": 20480,
  "key policy": 32768,
  "bucket policy": 20480,
  "topic policy": 30720,
  SCP: 5120,
} as const;
type Kind = keyof typeof LIMITS;

const KIND_OF: Record<string, [attribute: string, kind: Kind]> = {
  aws_iam_policy: ["policy", "managed policy"],
  aws_iam_role_policy: ["policy", "role's inline policies"],
  aws_iam_role: ["assume_role_policy", "trust policy"],
  aws_secretsmanager_secret_policy: ["policy", "secret resource policy"],
  aws_kms_key: ["policy", "key policy"],
  aws_s3_bucket_policy: ["policy", "bucket policy"],
  aws_sns_topic_policy: ["policy", "topic policy"],
};

/** The size of every policy of the stack, by kind: the largest of each, with what it is. */
function policySizes(environment: ResolvedEnvironment): Map<Kind, { size: number; what: string }> {
  const stack = new SecretsStack(Testing.app(), `secrets-${environment.name}`, { environment });
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  const sizeOf = (documentName: string) =>
    JSON.stringify(toIamPolicy(documentOf(json, documentName, environment))).replace(/\$\{[^}]*\}/g, "x".repeat(100))
      .length;
  const largest = new Map<Kind, { size: number; what: string }>();
  const note = (kind: Kind, size: number, what: string) => {
    if (size > (largest.get(kind)?.size ?? -1)) largest.set(kind, { size, what });
  };
  const inline = new Map<string, number>();
  for (const [type, [attribute, kind]] of Object.entries(KIND_OF)) {
    for (const [name, block] of Object.entries(blocks(json, "resource", type))) {
      const document = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(block[attribute]))?.[1];
      if (!document) continue;
      const size = sizeOf(document);
      if (kind === "role's inline policies")
        inline.set(String(block.role), (inline.get(String(block.role)) ?? 0) + size);
      else note(kind, size, `${type}.${name}`);
    }
  }
  for (const [role, size] of inline) note("role's inline policies", size, role);
  note("SCP", JSON.stringify(serviceControlPolicy(environment)).length, "the service control policy");
  return largest;
}

describe("policy sizes against AWS's limits", () => {
  it.each(["dev", "staging", "production"])("%s: every policy fits its kind's limit", (name) => {
    const [environment] = resolveEnvironments(exampleEnvironments.filter((e) => e.name === name));
    const sizes = policySizes(environment!);
    // Every kind the stack writes was measured (so that nothing passes by being left out).
    expect([...sizes.keys()].sort()).toEqual(
      [
        "managed policy",
        "role's inline policies",
        "trust policy",
        "secret resource policy",
        "key policy",
        "topic policy",
        "SCP",
        ...(name === "staging" ? [] : ["bucket policy"]), // staging records through the organization's trail
      ].sort(),
    );
    for (const [kind, { size, what }] of sizes) expect(size, `${kind}: ${what}`).toBeLessThanOrEqual(LIMITS[kind]);
  });

  it("1,000 secrets in one environment: every policy still fits, where one ARN per secret would not", () => {
    const production = exampleEnvironments.find((e) => e.name === "production")!;
    const [environment] = resolveEnvironments([{ ...production, additionalSecrets: partnerSecrets(993) }]);
    expect(environment!.catalog).toHaveLength(1000);
    const sizes = policySizes(environment!);
    for (const [kind, { size, what }] of sizes) expect(size, `${kind}: ${what}`).toBeLessThanOrEqual(LIMITS[kind]);
    // The check can fail: the integrations group's read policy with one ARN pattern per secret, as it was.
    const perArn = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: environment!.catalog
            .filter((d) => d.name.startsWith("qualisys/integrations/"))
            .map((d) => `arn:aws:secretsmanager:us-east-1:333333333333:secret:${d.name}-??????`),
        },
      ],
    }).length;
    expect(perArn).toBeGreaterThan(LIMITS["managed policy"]);
  });

  // Issue 21's platform: 1,000 secrets, 50 workloads (each with its IRSA role), 10 access groups.
  const production = exampleEnvironments.find((e) => e.name === "production")!;
  const platform = (readerRolePath?: string) =>
    resolveEnvironments([
      scaledEnvironment(production, { secrets: 1000, workloads: 50, groups: 10, readerRolePath }),
    ])[0]!;
  // Synthesizing 1,000 secrets takes seconds: the platform under a path is measured once, for two tests.
  let underPath: { environment: ResolvedEnvironment; sizes: ReturnType<typeof policySizes> } | undefined;
  const measuredUnderPath = () => {
    if (!underPath) {
      const environment = platform("/qualisys-readers/");
      underPath = { environment, sizes: policySizes(environment) };
    }
    return underPath;
  };

  it("1,000 secrets, 50 workloads, 10 groups, the readers' roles under a path: every policy fits", () => {
    const { environment, sizes } = measuredUnderPath();
    expect([
      environment.catalog.length,
      environment.kubernetes!.workloads.length,
      environment.access.groups.length,
    ]).toEqual([1000, 50, 10]);
    for (const [kind, { size, what }] of sizes) expect(size, `${kind}: ${what}`).toBeLessThanOrEqual(LIMITS[kind]);
  });

  it("the docs' table never understates: each kind's largest, as the docs measure it, is at least what this test measures", () => {
    const { environment, sizes: ours } = measuredUnderPath();
    const docs = new Map(largestPolicies(environment).map((p) => [p.kind, p.size]));
    for (const [kind, { size }] of ours)
      expect(docs.get(kind === "SCP" ? "service control policy" : kind), kind).toBeGreaterThanOrEqual(size);
  });

  it("the same platform with a role ARN each in the service control policy breaks Organizations' limit", () => {
    const environment = platform(undefined);
    expect(JSON.stringify(serviceControlPolicy(environment)).length).toBeGreaterThan(LIMITS.SCP);
  });
});
