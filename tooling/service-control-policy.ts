import { readerRolesOf, rotationFunctionName } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import { readerRoleArn } from "../config/access-settings";

import type { IamPolicyDocument, IamPolicyStatement } from "./iam-policy-document";

export type { IamPolicyDocument, IamPolicyStatement } from "./iam-policy-document";

/** The largest service control policy AWS Organizations accepts, in characters (whitespace counts). */
export const SCP_MAX_CHARACTERS = 5120;

/** What the rotation function's guard denies: invoking it, and changing its code, settings or who may invoke it. */
export const ROTATION_FUNCTION_GUARDED_ACTIONS = [
  "lambda:InvokeFunction",
  "lambda:UpdateFunctionCode",
  "lambda:UpdateFunctionConfiguration",
  "lambda:AddPermission",
  "lambda:CreateFunctionUrlConfig",
  "lambda:UpdateFunctionUrlConfig",
] as const;

/** What the roles' guard denies: every way to change who may assume a role or what it may do. */
export const ROLE_GUARDED_ACTIONS = [
  // Creating one too: a role made under the readers' names or path before Terraform makes it would be a reader.
  "iam:CreateRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteRole",
] as const;

/**
 * A service control policy for the environment's account, from the same access model as the secrets'
 * resource policies, for organizations that want the guards to bind IAM administrators too. It denies,
 * to all but whoever runs Terraform and break glass unless said otherwise:
 * - reading the `qualisys/` secrets (to all but their readers) and changing their resource policies;
 * - becoming a reader: changing the trust or the policies of the readers' roles and the rotation role;
 * - replacing or invoking the rotation function, and passing its role to another function;
 * - reading the superuser secret the function uses (to all but the rotation role and break glass);
 * - force-deleting a secret and deleting the project's KMS keys (to all but break glass).
 * An SCP binds every principal of a member account, but not the organization's management account,
 * service-linked roles nor service principals: Secrets Manager invokes the function as
 * `secretsmanager.amazonaws.com` under the function's resource policy, which no SCP restricts.
 * see: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
export function serviceControlPolicy(environment: ResolvedEnvironment): IamPolicyDocument {
  const ctx = contextOf(environment);
  return {
    Version: "2012-10-17",
    Statement: [...secretStatements(ctx), ...roleAndFunctionStatements(ctx), ...breakGlassStatements(ctx)],
  };
}

/** What the statements are built from: the readers, the administrators, the guarded roles, the function. */
function contextOf(environment: ResolvedEnvironment) {
  const { partition, accountId, name, access } = environment;
  const secrets = [`arn:${partition}:secretsmanager:*:${accountId}:secret:qualisys/*`];
  const roleArn = (roleName: string) => `arn:${partition}:iam::${accountId}:role/${roleName}`;
  const pathed = access.readerRolePath !== "/";
  const readers = readerPatterns(environment);
  const administrators = [...access.terraformPrincipals, ...access.breakGlassPrincipals].map((p) => p.arnPattern);
  const breakGlass = access.breakGlassPrincipals.map((p) => p.arnPattern);
  const exceptAdministrators = { ArnNotLike: { "aws:PrincipalArn": administrators } };
  const rotated =
    environment.rotation !== undefined && environment.catalog.some((d) => d.rotation.kind === "automatic");
  const functionName = rotationFunctionName(name);
  const rotationRole = roleArn(functionName);
  // Terraform's own role too, when it is a role of the account (IAM Identity Center's roles are protected
  // by AWS: only IAM Identity Center may change them): whoever changes its trust becomes Terraform.
  const terraformRoles = access.terraformPrincipals.map((p) => p.arnPattern).filter((arn) => !/[*?]/.test(arn));
  const guardedRoles = [
    ...(pathed ? [readersUnderPath(environment)] : access.roles.map((r) => roleArn(r.name))),
    ...(rotated ? [rotationRole] : []),
    ...terraformRoles,
  ];
  const superuserSecret =
    rotated && environment.rotation?.strategy === "alternating-users"
      ? environment.rotation.masterSecretArn
      : undefined;
  // With no break glass configured, nobody may do what only break glass may.
  const exceptBreakGlass: Record<string, Record<string, string[]>> = breakGlass.length > 0
    ? { ArnNotLike: { "aws:PrincipalArn": breakGlass } }
    : {};
  return {
    partition,
    accountId,
    name,
    secrets,
    readers,
    administrators,
    exceptAdministrators,
    breakGlass,
    exceptBreakGlass,
    guardedRoles,
    rotated,
    functionName,
    rotationRole,
    superuserSecret,
  };
}
type Context = ReturnType<typeof contextOf>;

/** Every role under the readers' IAM path, as one ARN pattern. */
function readersUnderPath({ partition, accountId, access }: ResolvedEnvironment): string {
  return `${readerRoleArn(partition, accountId, access.readerRolePath, "")}*`;
}

/**
 * Every reader of a secret, as `aws:PrincipalArn` patterns: principals of the configuration by their
 * pattern, the roles of access.roles by one pattern when they have a path of their own, else by ARN.
 */
function readerPatterns(environment: ResolvedEnvironment): string[] {
  const { partition, accountId, access } = environment;
  const roleArn = (roleName: string) => `arn:${partition}:iam::${accountId}:role/${roleName}`;
  const configured = [
    ...access.terraformPrincipals,
    ...access.terraformPlanPrincipals,
    ...access.breakGlassPrincipals,
    ...access.extraReaders.map((r) => r.principal),
  ];
  const patternOf = (readerName: string) => {
    const principal = configured.find((p) => p.name === readerName);
    if (principal) return principal.arnPattern;
    if (!access.roles.some((r) => r.name === readerName) || access.readerRolePath === "/") return roleArn(readerName);
    return readersUnderPath(environment);
  };
  return [
    ...new Set(
      environment.catalog.flatMap((d) =>
        readerRolesOf(environment.accessModel, d.name).map((r) => patternOf(r.roleName)),
      ),
    ),
  ];
}

/** Reading the secrets (all but their readers) and changing their resource policies (all but the administrators). */
function secretStatements(ctx: Context): IamPolicyStatement[] {
  const { secrets, readers, administrators } = ctx;
  return [
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
  ];
}

/** Becoming a reader: the readers', rotation and Terraform's roles, and the rotation function and its role. */
function roleAndFunctionStatements(ctx: Context): IamPolicyStatement[] {
  const { partition, accountId, guardedRoles, rotated, functionName, rotationRole, exceptAdministrators } = ctx;
  return [
    ...(guardedRoles.length > 0
      ? [
          {
            Sid: "DenyReaderRoleChangesExceptAdministrators",
            Effect: "Deny" as const,
            Action: [...ROLE_GUARDED_ACTIONS],
            Resource: guardedRoles,
            Condition: exceptAdministrators,
          },
        ]
      : []),
    ...(rotated
      ? [
          {
            Sid: "DenyRotationFunctionUseExceptAdministrators",
            Effect: "Deny" as const,
            Action: [...ROTATION_FUNCTION_GUARDED_ACTIONS, "iam:PassRole"],
            Resource: [
              `arn:${partition}:lambda:*:${accountId}:function:${functionName}`,
              `arn:${partition}:lambda:*:${accountId}:function:${functionName}:*`,
              rotationRole,
            ],
            Condition: exceptAdministrators,
          },
        ]
      : []),
  ];
}

/** What only break glass (and, for the superuser secret, the rotation role) may do. */
function breakGlassStatements(ctx: Context): IamPolicyStatement[] {
  const { name, secrets, superuserSecret, rotationRole, breakGlass, exceptBreakGlass } = ctx;
  return [
    ...(superuserSecret
      ? [
          {
            Sid: "DenySuperuserSecretReadsExceptRotation",
            Effect: "Deny" as const,
            Action: ["secretsmanager:GetSecretValue"],
            Resource: [superuserSecret],
            Condition: { ArnNotLike: { "aws:PrincipalArn": [rotationRole, ...breakGlass] } },
          },
        ]
      : []),
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
  ];
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
