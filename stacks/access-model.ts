import { accessGroupOf, categoryOf, type AccessGroup } from "../catalog/secret-catalog";
import type { ResolvedEnvironment } from "./environment-config";

/** A principal that may read a secret, and why. */
export interface Reader {
  /** IAM role name. */
  readonly roleName: string;
  /** Role ARN, derived from the name: no reference to another stack needed. */
  readonly roleArn: string;
  /** Why it may read: an access group, or its duty. */
  readonly reason: string;
}

/** The name of an environment's rotation function (and of its role). */
export function rotationFunctionName(environmentName: string): string {
  return `qualisys-${environmentName}-secret-rotation`;
}

/** `arn:<partition>:iam::<account>:role/<name>`. */
export function roleArnOf(environment: ResolvedEnvironment, roleName: string): string {
  return `arn:${environment.partition}:iam::${environment.accountId}:role/${roleName}`;
}

/**
 * Who may call GetSecretValue on a secret: the roles granted its access group, the External Secrets
 * Operator (which syncs every secret into Kubernetes), the role Terraform runs as (it refreshes the
 * secret versions), the rotation function for the secrets it rotates, and the break-glass role. The
 * secret's resource policy denies everyone else, whatever their identity policies say.
 */
export function readersOf(environment: ResolvedEnvironment, secretName: string): Reader[] {
  const definition = environment.catalog.find((d) => d.name === secretName);
  if (!definition) throw new Error(`${secretName} is not in the catalog of ${environment.name}`);
  const group: AccessGroup = accessGroupOf(categoryOf(secretName));
  const reader = (roleName: string, reason: string): Reader => ({ roleName, roleArn: roleArnOf(environment, roleName), reason });
  const readers = environment.access.roles
    .filter((role) => role.accessGroups.includes(group))
    .map((role) => reader(role.name, `secrets-read-${group}`));
  readers.push(reader(environment.access.externalSecretsRoleName, "External Secrets Operator"));
  readers.push(reader(environment.access.deployerRoleName, "Terraform (refreshes the versions)"));
  if (environment.rotation && definition.rotation.kind === "automatic") {
    readers.push(reader(rotationFunctionName(environment.name), "rotation function"));
  }
  if (environment.breakGlassRoleArn) {
    const name = environment.breakGlassRoleArn.split("/").pop()!;
    readers.push(reader(name, "break glass"));
  }
  return readers;
}
