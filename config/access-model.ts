import type { SecretDefinition } from "../catalog/secret-catalog";
import { groupOfSecret } from "./access-groups";
import type { ResolvedAccess } from "./access-settings";
import type { RotationStrategy } from "../lambda/rotation/secret-value";
import type { ResolvedPrincipal } from "./principals";

/**
 * A principal that reads secrets, as the access model names it. The secrets stack turns each into
 * the construct that grants it (`ManagedSecret.grantRead`); the docs and tests read it as data.
 */
export type ReaderPrincipal =
  /** The roles of the stack granted an access group, through that group's read policy. */
  | { readonly kind: "access-group"; readonly group: string; readonly roleNames: readonly string[] }
  /** One role of the stack granted this secret alone (`access.roles[].secrets`), through an inline policy. */
  | { readonly kind: "role"; readonly roleName: string }
  /** The rotation function of the stack (its execution role). */
  | { readonly kind: "rotation-function"; readonly roleName: string }
  /** A principal whose identity policies live outside this stack: only the secret's resource policy names it (an ARN or ARN pattern). */
  | { readonly kind: "principal"; readonly name: string; readonly arnPattern: string };

/** One read grant: a secret, who reads it, and why. */
export interface ReadGrant {
  /** The secret's name. */
  readonly secretName: string;
  /** Who reads it. */
  readonly reader: ReaderPrincipal;
  /** Why, in a few words (the docs' access matrix shows it). */
  readonly reason: string;
}

/** One secret the External Secrets Operator writes into a workload's namespace, and why. */
export interface Delivery {
  /** The namespace. */
  readonly namespace: string;
  /** The workload that runs there. */
  readonly workload: string;
  /** The secret. */
  readonly secretName: string;
  /** Why, in a few words. */
  readonly reason: string;
  /** How often the External Secrets Operator re-reads it (a Go duration), and why that often. */
  readonly refresh: { readonly interval: string; readonly seconds: number; readonly why: string };
}

/** Who reads what in one environment, and why: computed once, and every artefact derives from it. */
export interface AccessModel {
  /** Every grant, by secret in catalog order, readers in a fixed order (groups, operator, deployer, rotation, break glass). */
  readonly grants: readonly ReadGrant[];
  /** Every secret synced into a namespace (the ExternalSecrets), by workload and then catalog order. */
  readonly deliveries: readonly Delivery[];
}

/** What the access model is computed from. */
export interface AccessModelInput {
  readonly name: string;
  readonly accountId: string;
  readonly partition: string;
  readonly catalog: readonly SecretDefinition[];
  readonly access: ResolvedAccess;
  /** Whether a rotation function rotates the catalog's `automatic` secrets. */
  readonly rotation: boolean;
  /**
   * The workloads of the cluster, their namespaces and the secrets they consume.
   * @default - no cluster: nothing is delivered
   */
  readonly workloads?: readonly {
    readonly workload: string;
    readonly description: string;
    readonly namespace: string;
    readonly secrets: readonly string[];
  }[];
  /**
   * The operator's refresh interval (a Go duration) and its length in seconds.
   * @default - "1h"
   */
  readonly refresh?: { readonly interval: string; readonly seconds: number };
  /**
   * The rotation function's strategy, which decides how soon a rotated secret must reach the pods.
   * @default - no rotation
   */
  readonly rotationStrategy?: RotationStrategy;
}

/** The refresh of a single-user rotated secret: its old password is dead from setSecret on. */
export const SINGLE_USER_REFRESH = { interval: "1m", seconds: 60 } as const;

/**
 * How often the operator re-reads a secret, from its rotation: with alternating users the credentials
 * pods hold stay valid until the next rotation, so the environment's interval (well below the rotation
 * period) is enough; with a single user every connection made with the old password fails from the
 * setSecret step until the pod has the new value, so the rotated secret is re-read every minute (about
 * 43,000 GetSecretValue calls, $0.22, a month); a secret nobody rotates automatically keeps the
 * environment's interval.
 */
export function refreshOf(
  definition: SecretDefinition,
  strategy: RotationStrategy | undefined,
  configured: { interval: string; seconds: number },
): Delivery["refresh"] {
  if (definition.rotation.kind !== "automatic" || strategy === undefined)
    return { ...configured, why: "the environment's refresh interval" };
  if (strategy === "alternating-users") {
    return {
      ...configured,
      why: `alternating users: the credentials pods hold stay valid until the next rotation, ${definition.rotation.everyDays} days later`,
    };
  }
  if (configured.seconds <= SINGLE_USER_REFRESH.seconds)
    return { ...configured, why: "single user: the old password stops working at setSecret" };
  return {
    ...SINGLE_USER_REFRESH,
    why: "single user: the old password stops working at setSecret, so the pods must get the new one within a minute",
  };
}

/** The name of an environment's rotation function (and of its execution role). */
export function rotationFunctionName(environmentName: string): string {
  return `qualisys-${environmentName}-secret-rotation`;
}

/** `arn:<partition>:iam::<account>:role/<name>`, for a role the configuration names but another stack creates. */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * Who may call GetSecretValue on each secret: the roles granted its access group (the workloads, whose
 * namespaces' SecretStores read as them), the readers managed elsewhere granted it, the principals
 * Terraform runs as (it refreshes the secret versions), the rotation function for the secrets it
 * rotates, and the break-glass principals. Each secret's resource policy denies everyone else. The
 * External Secrets Operator reads nothing with an identity of its own.
 */
export function computeAccessModel(input: AccessModelInput): AccessModel {
  const { access } = input;
  const principal = (p: ResolvedPrincipal) => ({ kind: "principal" as const, name: p.name, arnPattern: p.arnPattern });
  const grants: ReadGrant[] = [];
  for (const definition of input.catalog) {
    const secretName = definition.name;
    const group = groupOfSecret(access.groups, secretName)!.name; // every secret's group is checked to exist
    const roleNames = access.roles.filter((role) => role.accessGroups.includes(group)).map((role) => role.name);
    if (roleNames.length > 0)
      grants.push({ secretName, reader: { kind: "access-group", group, roleNames }, reason: `secrets-read-${group}` });
    for (const role of access.roles.filter((r) => r.secrets.includes(secretName) && !r.accessGroups.includes(group)))
      grants.push({
        secretName,
        reader: { kind: "role", roleName: role.name },
        reason: `${role.name}: this secret only`,
      });
    for (const reader of access.extraReaders.filter((r) => r.accessGroups.includes(group)))
      grants.push({ secretName, reader: principal(reader.principal), reason: reader.reason });
    for (const p of access.terraformPrincipals)
      grants.push({ secretName, reader: principal(p), reason: "Terraform (refreshes the versions)" });
    for (const p of access.terraformPlanPrincipals)
      grants.push({
        secretName,
        reader: principal(p),
        reason: "Terraform plans (refresh the versions; change nothing)",
      });
    if (input.rotation && definition.rotation.kind === "automatic") {
      grants.push({
        secretName,
        reader: { kind: "rotation-function", roleName: rotationFunctionName(input.name) },
        reason: "rotation function",
      });
    }
    for (const p of access.breakGlassPrincipals)
      grants.push({ secretName, reader: principal(p), reason: "break glass" });
  }
  const configured = input.refresh ?? { interval: "1h", seconds: 3600 };
  const deliveries = (input.workloads ?? []).flatMap((w) =>
    w.secrets.map((secretName): Delivery => {
      const definition = input.catalog.find((d) => d.name === secretName)!;
      return {
        namespace: w.namespace,
        workload: w.workload,
        secretName,
        reason: definition.consumers.includes(w.workload)
          ? `consumed by the ${w.description}`
          : `kubernetes.workloads.${w.workload}.additionalSecrets`,
        refresh: refreshOf(definition, input.rotation ? input.rotationStrategy : undefined, configured),
      };
    }),
  );
  return { grants, deliveries };
}

/** The role names that read a secret under the model, with why. */
export function readerRolesOf(
  model: AccessModel,
  secretName: string,
): { readonly roleName: string; readonly reason: string }[] {
  return model.grants
    .filter((grant) => grant.secretName === secretName)
    .flatMap((grant) => {
      const reader = grant.reader;
      if (reader.kind === "access-group")
        return reader.roleNames.map((roleName) => ({ roleName, reason: grant.reason }));
      if (reader.kind === "rotation-function" || reader.kind === "role")
        return [{ roleName: reader.roleName, reason: grant.reason }];
      return [{ roleName: reader.name, reason: grant.reason }];
    });
}
