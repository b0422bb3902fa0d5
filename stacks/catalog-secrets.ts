import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { secretSlug } from "../catalog/secret-catalog";
import { groupOfSecret } from "../config/access-groups";
import type { ReaderPrincipal } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import type { Placement } from "../config/placement";
import type { StackPart } from "../config/stack-split";
import { ManagedSecret } from "../constructs/managed-secret";
import { SecretAccessControl } from "../constructs/secret-access-control";
import { SecretGrantee, type ISecretGrantee } from "../constructs/secret-grantee";
import { SecretValueInputs } from "../constructs/secret-value-inputs";

/**
 * The secrets of one stack part, each with its initial value (Terraform variables, generated values or
 * operator placeholders) and an output of its ARN. Built directly in `scope`, under the ids the
 * environment's stack has always used, so that no address moves.
 */
export function addCatalogSecrets(
  scope: Construct,
  env: ResolvedEnvironment,
  part: StackPart,
  kmsKeyArn: string,
  placement: Placement,
): Map<string, ManagedSecret> {
  const catalog = env.catalog.filter((d) => part.secretNames.includes(d.name));
  const needsRandom =
    !env.writeOnlySecrets && catalog.some((d) => Object.values(d.fields).some((source) => source.kind === "generated"));
  // Write-only mode generates through the AWS provider instead, so the stack needs no other provider.
  const randomProvider = needsRandom ? new RandomProvider(scope, "random") : undefined;
  const inputs = new SecretValueInputs(scope, "secret-inputs", {
    catalog,
    writeOnly: env.writeOnlySecrets,
    randomProvider,
  });
  const secrets = new Map<string, ManagedSecret>();
  for (const definition of catalog) {
    const secret = new ManagedSecret(scope, secretSlug(definition.name), {
      definition,
      kmsKeyArn,
      accessGroup: groupOfSecret(env.access.groups, definition.name)!.name,
      placement,
      value: inputs.valueOf(definition),
      recoveryWindowInDays: env.recoveryWindowInDays,
      writeOnly: env.writeOnlySecrets,
    });
    secrets.set(definition.name, secret);
    new TerraformOutput(scope, `${secretSlug(definition.name)}_secret_arn`, {
      description: `ARN of the secret ${definition.name}`,
      value: secret.secretArn,
    });
  }
  return secrets;
}

/** The read policies of the part's groups (those with secrets and roles to read them) and its roles. */
export function addReadAccess(
  scope: Construct,
  env: ResolvedEnvironment,
  part: StackPart,
  placement: Placement,
): SecretAccessControl {
  const roles = env.access.roles.filter((role) => part.roleNames.includes(role.name));
  return new SecretAccessControl(scope, "access-control", {
    environmentName: env.name,
    placement,
    // A read policy for each group that has secrets and roles to read them: the grants fill it.
    accessGroups: part.groups.filter(
      (group) =>
        part.secretNames.some((name) => groupOfSecret(env.access.groups, name)?.name === group) &&
        roles.some((role) => role.accessGroups.includes(group)),
    ),
    roles,
    rolePath: env.access.readerRolePath,
    eksOidcIssuer: env.access.eksOidcIssuer,
  });
}

/**
 * Every reader of the part's secrets, from the environment's access model (both policy sides at once),
 * and the guard that lets only whoever runs Terraform (it writes the policies) and break glass change them.
 */
export function grantReads(
  env: ResolvedEnvironment,
  secrets: ReadonlyMap<string, ManagedSecret>,
  granteeOf: (reader: ReaderPrincipal) => ISecretGrantee,
): void {
  for (const grant of env.accessModel.grants) {
    const secret = secrets.get(grant.secretName);
    if (secret) secret.grantRead(granteeOf(grant.reader), grant.reason);
  }
  const policyAdministrators = [...env.access.terraformPrincipals, ...env.access.breakGlassPrincipals].map(
    (p) => p.arnPattern,
  );
  for (const secret of secrets.values()) secret.restrictPolicyChanges(policyAdministrators);
}

/** The construct of a part that stands for a reader of the access model (the rotation function aside). */
export function granteeIn(
  accessControl: SecretAccessControl,
  reader: Exclude<ReaderPrincipal, { kind: "rotation-function" }>,
  where: string,
): ISecretGrantee {
  switch (reader.kind) {
    case "access-group": {
      const policy = accessControl.readPolicies.get(reader.group);
      if (!policy) throw new Error(`${where}: access group ${reader.group} has no read policy here`);
      return policy;
    }
    case "role": {
      const role = accessControl.roles.get(reader.roleName);
      if (!role) throw new Error(`${where}: the access model names the role ${reader.roleName}, which is not here`);
      return role;
    }
    case "principal":
      return SecretGrantee.fromPrincipalArn(reader.name, reader.arnPattern);
  }
}

/** Outputs of the part's read policies and roles. */
export function addReadOutputs(scope: Construct, accessControl: SecretAccessControl): void {
  new TerraformOutput(scope, "read_policy_arns", {
    description: "ARN of each access group's read policy, by access group",
    value: Object.fromEntries([...accessControl.readPolicies].map(([group, policy]) => [group, policy.policy.arn])),
  });
  new TerraformOutput(scope, "access_role_arns", {
    description: "ARN of each role that reads secrets, by role name",
    value: Object.fromEntries([...accessControl.roles].map(([name, role]) => [name, role.role.arn])),
  });
}
