import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedEnvironment } from "../config/environment-config";
import type { StackPart } from "../config/stack-split";
import type { ManagedSecret } from "../constructs/managed-secret";
import type { SecretAccessControl } from "../constructs/secret-access-control";
import { DEFAULT_SECRETS_KEY_ALIAS } from "../constructs/secrets-kms-key";
import { configureStateBackend } from "../constructs/state-backend";
import { addCatalogSecrets, addReadAccess, addReadOutputs, granteeIn, grantReads } from "./catalog-secrets";
import { QualisysStack } from "./qualisys-stack";
import { defaultTagsOf, placementOf, secretsStackName } from "./secrets-stack-names";

/** Props of {@link TeamSecretsStack}. */
export interface TeamSecretsStackProps {
  /** The validated environment. */
  readonly environment: ResolvedEnvironment;
  /** The team's group: one with `ownStack` (its part of {@link ResolvedEnvironment.stackParts}). */
  readonly team: string;
}

/** The name of a team's secrets stack: `secrets-<env>-<group>`. */
export function teamSecretsStackName(environmentName: string, team: string): string {
  return `${secretsStackName(environmentName)}-${team}`;
}

/**
 * `secrets-<env>-<group>`: a group's secrets, read policy and roles in a stack and state of their own
 * (`access.groups.<group>.ownStack`). It shares what the environment's stack owns without a reference to
 * its state: the secrets key by its alias (a data source), and the trail and alerts, which watch every
 * `qualisys/` secret and every role the configuration names. Deploy it after the environment's stack.
 */
export class TeamSecretsStack extends QualisysStack {
  /** The team's secrets, by name. */
  public readonly secrets: ReadonlyMap<string, ManagedSecret>;
  /** The team's read policy and roles. */
  public readonly accessControl: SecretAccessControl;

  constructor(scope: Construct, id: string, props: TeamSecretsStackProps) {
    super(scope, id);
    const env = props.environment;
    const part: StackPart | undefined = env.stackParts.find((p) => p.team === props.team);
    if (!part) throw new Error(`${id}: team must be a group with ownStack in ${env.name}, got "${props.team}"`);
    new AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: { ...defaultTagsOf(env), Team: props.team } }],
    });
    configureStateBackend(this, id, env.backend, env.region);
    const placement = placementOf(env);
    // The environment's stack creates the key; its alias is unique in the account and region.
    const key = new DataAwsKmsKey(this, "secrets-key", { keyId: DEFAULT_SECRETS_KEY_ALIAS });
    this.secrets = addCatalogSecrets(this, env, part, key.arn, placement);
    this.accessControl = addReadAccess(this, env, part, placement);
    grantReads(env, this.secrets, (reader) => {
      // Checked at resolution: a team's group holds no secret rotated automatically.
      if (reader.kind === "rotation-function") throw new Error(`${id}: a team stack holds no rotated secret`);
      return granteeIn(this.accessControl, reader, id);
    });
    addReadOutputs(this, this.accessControl);
    if (env.preventDestroy)
      for (const secret of this.secrets.values())
        secret.secret.lifecycle = { ...secret.secret.lifecycle, preventDestroy: true };
    new TerraformOutput(this, "secret_arns", {
      description: `ARN of every secret of the ${props.team} group, by secret name`,
      value: Object.fromEntries([...this.secrets].map(([name, secret]) => [name, secret.secretArn])),
    });
  }
}
