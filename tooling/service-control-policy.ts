import { readerRolesOf } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";

/** A statement of an IAM policy document, as IAM reads it (typed, never hand-written JSON text). */
export interface IamPolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** An IAM policy document. */
export interface IamPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly IamPolicyStatement[];
}

/** The largest service control policy AWS Organizations accepts, in characters (whitespace counts). */
export const SCP_MAX_CHARACTERS = 5120;

/**
 * A service control policy for the environment's account, from the same access model as the secrets'
 * resource policies, for organizations that want the guards to bind IAM administrators too: it denies
 * reading the `qualisys/` secrets to all but their readers, changing their resource policies to all but
 * whoever runs Terraform and break glass, force-deleting a secret (no recovery window) and scheduling
 * the deletion of the project's KMS keys to all but break glass. An SCP binds every principal of a member
 * account, but not the organization's management account nor service-linked roles.
 * see: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
export function serviceControlPolicy(environment: ResolvedEnvironment): IamPolicyDocument {
  const { partition, accountId, name, access } = environment;
  const secrets = [`arn:${partition}:secretsmanager:*:${accountId}:secret:qualisys/*`];
  const roleArn = (roleName: string) => `arn:${partition}:iam::${accountId}:role/${roleName}`;
  const patternOf = (readerName: string) => {
    const principal = [
      ...access.terraformPrincipals,
      ...access.breakGlassPrincipals,
      ...access.extraReaders.map((r) => r.principal),
    ].find((p) => p.name === readerName);
    return principal ? principal.arnPattern : roleArn(readerName);
  };
  const readers = [
    ...new Set(
      environment.catalog.flatMap((d) =>
        readerRolesOf(environment.accessModel, d.name).map((r) => patternOf(r.roleName)),
      ),
    ),
  ];
  const administrators = [...access.terraformPrincipals, ...access.breakGlassPrincipals].map((p) => p.arnPattern);
  const breakGlass = access.breakGlassPrincipals.map((p) => p.arnPattern);
  // With no break glass configured, nobody may do what only break glass may.
  const exceptBreakGlass: Record<string, Record<string, string[]>> = breakGlass.length > 0
    ? { ArnNotLike: { "aws:PrincipalArn": breakGlass } }
    : {};
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenySecretReadsExceptReaders",
        Effect: "Deny",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: secrets,
        Condition: { ArnNotLike: { "aws:PrincipalArn": readers } },
      },
      {
        Sid: "DenySecretPolicyChangesExceptAdministrators",
        Effect: "Deny",
        Action: ["secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"],
        Resource: secrets,
        Condition: { ArnNotLike: { "aws:PrincipalArn": administrators } },
      },
      {
        Sid: "DenyForceDeletingSecretsExceptBreakGlass",
        Effect: "Deny",
        Action: ["secretsmanager:DeleteSecret"],
        Resource: secrets,
        Condition: { Bool: { "secretsmanager:ForceDeleteWithoutRecovery": ["true"] }, ...exceptBreakGlass },
      },
      {
        Sid: "DenyKeyDeletionExceptBreakGlass",
        Effect: "Deny",
        Action: ["kms:ScheduleKeyDeletion"],
        Resource: ["*"],
        Condition: {
          "ForAnyValue:StringEquals": {
            "kms:ResourceAliases": [
              "alias/qualisys/secrets",
              "alias/qualisys/secret-operations",
              `alias/qualisys-${name}-audit`,
            ],
          },
          ...exceptBreakGlass,
        },
      },
    ],
  };
}

/** The policies as files: `infrastructure/scp/<env>.json`, by path from the project root. */
export function renderServiceControlPolicies(environments: readonly ResolvedEnvironment[]): Map<string, string> {
  return new Map(
    environments.map((environment) => [
      `infrastructure/scp/${environment.name}.json`,
      `${JSON.stringify(serviceControlPolicy(environment), null, 2)}\n`,
    ]),
  );
}
