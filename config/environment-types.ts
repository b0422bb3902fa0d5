import type { EmailProvider, SecretDefinition } from "../catalog/secret-catalog";
import type { AccessModel } from "./access-model";
import type { AccessSettings, ResolvedAccess } from "./access-settings";
import type { AuditSettings, ResolvedAudit } from "./audit-settings";
import type { BackendConfig } from "./backend-settings";
import type { KubernetesSettings, ResolvedKubernetes } from "./kubernetes-settings";
import type { ResolvedRotation, RotationSettings } from "./rotation-settings";
import type { StackPart } from "./stack-split";

/** The configuration of one environment, as written in `config/example-environments.ts`. */
export interface EnvironmentConfig {
  /** Short name (`dev`, `staging`, `production`): part of stack names, tags and policy names. */
  readonly name: string;
  /** The AWS account (12 digits). The AWS provider refuses to act in any other account. */
  readonly accountId: string;
  /** The AWS region code, e.g. `eu-central-1`. */
  readonly region: string;
  /** The e-mail provider; decides the name of the e-mail secret, `qualisys/email/<provider>`. */
  readonly emailProvider: EmailProvider;
  /**
   * Days a deleted secret stays recoverable: 0 (delete at once) or 7 to 30.
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * `prevent_destroy` on the KMS keys and the secrets: a `terraform destroy` (or a change that would
   * replace one) stops at plan. Turn it off, apply, then destroy, to take the environment down on purpose.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Let `terraform destroy` take the environment down (a throwaway environment such as dev): the audit
   * bucket and its access-log bucket are emptied on destroy (`force_destroy`) and get no Object Lock
   * default retention, so nothing in the stack can refuse. Contradicts `preventDestroy` and an Object Lock
   * in COMPLIANCE mode (whose files nobody can delete before they expire).
   * @default false
   */
  readonly allowTeardown?: boolean;
  /**
   * Let `npm run verify -- --rotate` and `-- --sync-check` write in this environment: they rotate the
   * database secret and overwrite the sync canary. Leave it off where a rotation must be planned.
   * @default false
   */
  readonly verifyWrites?: boolean;
  /**
   * Write-only mode: secret values go through ephemeral values and `secret_string_wo`,
   * so none reaches Terraform state or plan. Needs Terraform 1.11 or later.
   * @default false
   */
  readonly writeOnlySecrets?: boolean;
  /**
   * Where Terraform keeps state.
   * @default - a local state file
   */
  readonly backend?: BackendConfig;
  /**
   * Secrets of this environment beyond the story's catalog (for example `qualisys/integrations/<name>`).
   * @default - none
   */
  readonly additionalSecrets?: readonly SecretDefinition[];
  /**
   * Rotation of the secrets the catalog marks automatic (the database secret), and the function's network.
   * @default - rotation on, which needs `rotation.network`
   */
  readonly rotation?: RotationSettings;
  /**
   * E-mail addresses told of every rotation outcome and alarm (each confirms its subscription).
   * @default - none
   */
  readonly notificationEmails?: readonly string[];
  /**
   * Who may read the secrets: who runs Terraform, the roles of the workloads and their access groups,
   * the cluster's OIDC issuer, the break-glass principals and readers managed elsewhere.
   */
  readonly access: AccessSettings;
  /**
   * The EKS cluster: the External Secrets Operator's stack and the sync stack that writes the
   * catalog's secrets into the workloads' namespaces. Needs `access.eksOidcIssuer`.
   * @default - no Kubernetes stacks for the environment
   */
  readonly kubernetes?: KubernetesSettings;
  /**
   * The audit trail and the alarms on denied or dangerous calls.
   * @default - a trail of this stack, logs kept 365 days, files 90 days before Glacier and seven years in all
   */
  readonly audit?: AuditSettings;
}

/** An environment after validation, with every default filled in and its catalog built. */
export interface ResolvedEnvironment {
  /** Short name. */
  readonly name: string;
  /** AWS account id. */
  readonly accountId: string;
  /** AWS region code. */
  readonly region: string;
  /** ARN partition of the region (`aws`, `aws-cn`, `aws-us-gov`, ...). */
  readonly partition: string;
  /** DNS suffix of the region's service endpoints (`amazonaws.com`, `amazonaws.com.cn`, ...). */
  readonly dnsSuffix: string;
  /** E-mail provider. */
  readonly emailProvider: EmailProvider;
  /** Recovery window of deleted secrets, in days. */
  readonly recoveryWindowInDays: number;
  /** Whether secret values are written write-only. */
  readonly writeOnlySecrets: boolean;
  /** Whether the keys and secrets carry `prevent_destroy`. */
  readonly preventDestroy: boolean;
  /** Whether `terraform destroy` may take the environment down. */
  readonly allowTeardown: boolean;
  /** Whether `npm run verify`'s opt-in actions may write here. */
  readonly verifyWrites: boolean;
  /** State backend. */
  readonly backend: BackendConfig;
  /** Every secret of the environment: the story's catalog plus the environment's own. */
  readonly catalog: readonly SecretDefinition[];
  /** Rotation settings, or `undefined` when rotation is off. */
  readonly rotation?: ResolvedRotation;
  /** E-mail addresses subscribed to the notification topics. */
  readonly notificationEmails: readonly string[];
  /** Access settings. */
  readonly access: ResolvedAccess;
  /** Audit settings. */
  readonly audit: ResolvedAudit;
  /** Kubernetes settings, when the environment has a cluster. */
  readonly kubernetes?: ResolvedKubernetes;
  /** Who reads which secret, and why: the one source of the policies, the ExternalSecrets and the docs' matrix. */
  readonly accessModel: AccessModel;
  /** The secrets stacks: the environment's own first, then one per group with `ownStack`. */
  readonly stackParts: readonly StackPart[];
}
