import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ACCESS_GROUPS, accessGroupOf, categoryOf, type AccessGroup } from "../catalog/secret-catalog";
import type { AccessRoleConfig } from "../stacks/access-settings";
import { AccessRole } from "./access-role";
import type { KeyPlacement } from "./kms-key-policy";
import type { ManagedSecret } from "./managed-secret";
import { SecretReadPolicy } from "./secret-read-policy";

/** Props of {@link SecretAccessControl}. */
export interface SecretAccessControlProps {
  /** Name of the environment (policy names start with it). */
  readonly environmentName: string;
  /** Account, region, partition. */
  readonly placement: KeyPlacement;
  /** The secrets. */
  readonly secrets: readonly ManagedSecret[];
  /** ARN of the key that encrypts them. */
  readonly secretsKeyArn: string;
  /** Roles that read secrets, and their access groups (from the environment config). */
  readonly roles: readonly AccessRoleConfig[];
  /** The cluster's OIDC issuer, for service-account trusts. @default - none */
  readonly eksOidcIssuer?: string;
  /** For each secret name, the role ARNs that may read it; every other principal is denied GetSecretValue. */
  readonly readersOf: (secretName: string) => readonly string[];
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Who may read which secret, enforced twice: a read policy per access group attached to the roles
 * the config names (identity side), and on every secret a resource-policy statement that denies
 * GetSecretValue to every principal whose `aws:PrincipalArn` is not one of the secret's readers
 * (resource side), so even a principal with `secretsmanager:*` on `*` cannot read it.
 */
export class SecretAccessControl extends Construct {
  /** The read policies, by access group (groups without secrets have none). */
  public readonly readPolicies: ReadonlyMap<AccessGroup, SecretReadPolicy>;
  /** The roles, by name. */
  public readonly roles: ReadonlyMap<string, AccessRole>;

  constructor(scope: Construct, id: string, props: SecretAccessControlProps) {
    super(scope, id);
    const groupOf = (secret: ManagedSecret) => accessGroupOf(categoryOf(secret.secretName));
    const policies = new Map<AccessGroup, SecretReadPolicy>();
    for (const group of ACCESS_GROUPS) {
      const names = props.secrets.filter((s) => groupOf(s) === group).map((s) => s.secretName);
      if (names.length === 0) continue;
      policies.set(
        group,
        new SecretReadPolicy(this, `secrets-read-${group}`, {
          accessGroup: group,
          environmentName: props.environmentName,
          placement: props.placement,
          secretNames: names,
          secretsKeyArn: props.secretsKeyArn,
          provider: props.provider,
        }),
      );
    }
    this.readPolicies = policies;

    const roles = new Map<string, AccessRole>();
    for (const role of props.roles) {
      const policyArns = role.accessGroups.map((group) => {
        const policy = policies.get(group);
        if (!policy) throw new Error(`role ${role.name} is granted access group ${group}, which has no secrets`);
        return policy.policy.arn;
      });
      roles.set(
        role.name,
        new AccessRole(this, `role-${role.name}`, {
          roleName: role.name,
          description: role.description ?? `Reads the ${role.accessGroups.join(", ")} secrets of ${props.environmentName}`,
          trust: role.trust,
          placement: props.placement,
          eksOidcIssuer: props.eksOidcIssuer,
          policyArns,
          provider: props.provider,
        }),
      );
    }
    this.roles = roles;

    for (const secret of props.secrets) {
      // see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
      // (for a role session, aws:PrincipalArn is the role's ARN, whatever the session name)
      secret.addToResourcePolicy({
        sid: "DenyReadExceptAllowedRoles",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["secretsmanager:GetSecretValue"],
        resources: ["*"],
        condition: [{ test: "StringNotEquals", variable: "aws:PrincipalArn", values: [...props.readersOf(secret.secretName)] }],
      });
    }
  }
}
