import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { secretSlug } from "../catalog/secret-catalog";
import type { ManagedSecret } from "./managed-secret";
import type { PostgresRotationFunction } from "./rotation-function";

/** Props of {@link SecretRotationSchedule}. */
export interface SecretRotationScheduleProps {
  /** The secret to rotate. */
  readonly secret: ManagedSecret;
  /** The function that rotates it. */
  readonly rotationFunction: PostgresRotationFunction;
  /** The account: the only one whose Secrets Manager may invoke the function. */
  readonly accountId: string;
  /** Days between rotations, 1 to 1000. */
  readonly automaticallyAfterDays: number;
  /**
   * Rotate as soon as Terraform turns rotation on. Off by default, so that the first apply does not
   * rotate before the database is reachable; Secrets Manager then tests the function without
   * rotating (TestRotationStarted / TestRotationSucceeded) and rotates on the schedule.
   * @default false
   */
  readonly rotateImmediately?: boolean;
  /**
   * What the function's first run needs besides the function, its invoke permission and the secret's
   * version: its network rules, the Secrets Manager endpoint. Secrets Manager runs the function as soon
   * as rotation is turned on, even without rotating at once (the testSecret step).
   * @default - nothing else
   */
  readonly firstRunNeeds?: readonly ITerraformDependable[];
  /**
   * ARNs or ARN patterns of the principals that may still delete the secret while rotation is on (break glass).
   * @default - nobody may delete it until rotation is turned off
   */
  readonly breakGlassPrincipals?: readonly string[];
  /**
   * ARNs or ARN patterns of the principals besides the rotation function that may still write the secret's
   * value or move its stages (whoever runs Terraform, which writes the first version; break glass).
   * @default - only the rotation function
   */
  readonly valueWriters?: readonly string[];
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Rotation of one secret: the permission for Secrets Manager (this account, this secret) to invoke
 * the function, the rotation schedule (which Terraform creates only after the permission), and a
 * statement in the secret's resource policy that denies DeleteSecret while rotation is on, as
 * aws-cdk's RotationSchedule does: deleting a secret that a function keeps rotating would leave the
 * database password known to nobody.
 */
export class SecretRotationSchedule extends Construct {
  /** The rotation resource. */
  public readonly rotation: SecretsmanagerSecretRotation;
  /** The invoke permission. */
  public readonly permission: LambdaPermission;

  constructor(scope: Construct, id: string, props: SecretRotationScheduleProps) {
    super(scope, id);
    const days = props.automaticallyAfterDays;
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html
    if (!Number.isInteger(days) || days < 1 || days > 1000) {
      throw new Error(`${this.node.path}: automaticallyAfterDays must be a whole number from 1 to 1000, got ${days}`);
    }
    const slug = secretSlug(props.secret.secretName);

    // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
    this.permission = new LambdaPermission(this, "invoke", {
      provider: props.provider,
      statementId: `SecretsManagerRotates-${slug}`,
      action: "lambda:InvokeFunction",
      functionName: props.rotationFunction.function.functionName,
      principal: "secretsmanager.amazonaws.com",
      sourceAccount: props.accountId,
      sourceArn: props.secret.secretArn,
    });

    this.rotation = new SecretsmanagerSecretRotation(this, "rotation", {
      provider: props.provider,
      secretId: props.secret.secretArn,
      rotationLambdaArn: props.rotationFunction.function.arn,
      rotationRules: { automaticallyAfterDays: days },
      rotateImmediately: props.rotateImmediately ?? false,
      // Turning rotation on runs the function at once, to rotate or, with rotate_immediately false, to run
      // its testSecret step: everything that run needs must exist first, the secret's value included.
      // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html (RotateImmediately)
      dependsOn: [this.permission, props.secret.version, ...(props.firstRunNeeds ?? [])],
    });
    this.rotation.overrideLogicalId(slug);

    guardRotatedSecret(props);
  }
}

/**
 * The rotated secret's own guards: only the rotation function, whoever runs Terraform and break glass
 * write its value, and only break glass deletes it while rotation is on.
 */
function guardRotatedSecret(props: SecretRotationScheduleProps): void {
  // Write-then-rotate: whoever may put an AWSPENDING version of their own (or move AWSCURRENT onto one)
  // could have the function set that password on the database with the superuser's rights. Only the
  // function (its role), whoever runs Terraform and break glass write the value of a rotated secret.
  // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
  props.secret.addToResourcePolicy({
    sid: "DenyValueWritesExceptRotation",
    effect: "Deny",
    principals: [{ type: "AWS", identifiers: ["*"] }],
    actions: [
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecret",
      "secretsmanager:UpdateSecretVersionStage",
    ],
    resources: ["*"],
    condition: [
      {
        test: "ArnNotLike",
        variable: "aws:PrincipalArn",
        values: [props.rotationFunction.role.arn, ...(props.valueWriters ?? [])],
      },
    ],
  });
  props.secret.addToResourcePolicy({
    sid: "DenyDeleteWhileRotationIsOn",
    effect: "Deny",
    principals: [{ type: "AWS", identifiers: ["*"] }],
    actions: ["secretsmanager:DeleteSecret"],
    resources: ["*"],
    ...(props.breakGlassPrincipals?.length
      ? { condition: [{ test: "ArnNotLike", variable: "aws:PrincipalArn", values: [...props.breakGlassPrincipals] }] }
      : {}),
  });
}
