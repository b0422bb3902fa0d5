import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedAccessRole } from "../config/access-settings";
import { AccessRole } from "./access-role";
import type { Placement } from "../config/placement";
import { SecretReadPolicy } from "./secret-read-policy";

/** Props of {@link SecretAccessControl}. */
export interface SecretAccessControlProps {
  /** Name of the environment (policy names start with it). */
  readonly environmentName: string;
  /** Account, region, partition. */
  readonly placement: Placement;
  /** The access groups that get a read policy (those with secrets and roles to read them). */
  readonly accessGroups: readonly string[];
  /** Roles that read secrets, and their access groups (from the environment config). */
  readonly roles: readonly ResolvedAccessRole[];
  /**
   * IAM path of the roles.
   * @default "/"
   */
  readonly rolePath?: string;
  /** The cluster's OIDC issuer, for service-account trusts. @default - none */
  readonly eksOidcIssuer?: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The identity side of reading secrets: a read policy per access group, and the roles the
 * configuration names, each attached to its groups' policies. Which secret a group reads is decided
 * by the secrets' `grantRead`, which also writes the resource side.
 */
export class SecretAccessControl extends Construct {
  /** The read policies, by access group. */
  public readonly readPolicies: ReadonlyMap<string, SecretReadPolicy>;
  /** The roles, by name. */
  public readonly roles: ReadonlyMap<string, AccessRole>;

  constructor(scope: Construct, id: string, props: SecretAccessControlProps) {
    super(scope, id);
    const policies = new Map<string, SecretReadPolicy>();
    for (const group of props.accessGroups) {
      policies.set(
        group,
        new SecretReadPolicy(this, `secrets-read-${group}`, {
          accessGroup: group,
          environmentName: props.environmentName,
          provider: props.provider,
        }),
      );
    }
    this.readPolicies = policies;

    const roles = new Map<string, AccessRole>();
    for (const role of props.roles) {
      const readPolicies = role.accessGroups.map((group) => {
        const policy = policies.get(group);
        if (!policy)
          throw new Error(
            `${this.node.path}: role ${role.name} is granted access group ${group}, which has no read policy (no secrets)`,
          );
        return policy;
      });
      roles.set(
        role.name,
        new AccessRole(this, `role-${role.name}`, {
          roleName: role.name,
          path: props.rolePath,
          description:
            role.description ??
            `Reads ${[...role.accessGroups.map((g) => `the ${g} secrets`), ...role.secrets].join(", ")} of ${props.environmentName}`,
          trust: role.trust,
          placement: props.placement,
          eksOidcIssuer: props.eksOidcIssuer,
          readPolicies,
          provider: props.provider,
        }),
      );
    }
    this.roles = roles;
  }
}
