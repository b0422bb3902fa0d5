import { TerraformStack, Token, ref, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link EphemeralRandomPassword}. */
export interface EphemeralRandomPasswordProps {
  /** Terraform name of the block (`ephemeral.aws_secretsmanager_random_password.<name>`); unique per stack. */
  readonly name: string;
  /** Number of characters. */
  readonly passwordLength: number;
  /**
   * Leave out punctuation, so that the value is safe in URLs, headers and shells.
   * @default true
   */
  readonly excludePunctuation?: boolean;
  /**
   * Provider to open the ephemeral resource with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An `ephemeral "aws_secretsmanager_random_password"` block: a random value that Terraform
 * never stores in state or plan, for `secret_string_wo`.
 *
 * cdktf 0.21 has no API for ephemeral blocks, so this is the project's one place that writes
 * one through the stack's escape hatch. Opening it calls Secrets Manager's GetRandomPassword
 * at plan and apply time (so `terraform validate` is the offline check, not `plan`).
 * see: https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/ephemeral-resources/secretsmanager_random_password
 */
export class EphemeralRandomPassword extends Construct {
  /** Terraform block type of the ephemeral resource. */
  public static readonly TF_TYPE = "aws_secretsmanager_random_password";

  /** The generated value, usable only in ephemeral contexts such as write-only arguments. */
  public readonly value: string;

  constructor(scope: Construct, id: string, props: EphemeralRandomPasswordProps) {
    super(scope, id);
    if (!/^[a-zA-Z_][a-zA-Z0-9_-]*$/.test(props.name)) {
      throw new Error(`${this.node.path}: name must be a Terraform identifier, got "${props.name}"`);
    }
    // GetRandomPassword accepts 1 to 4096 characters.
    // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html
    if (!Number.isInteger(props.passwordLength) || props.passwordLength < 1 || props.passwordLength > 4096) {
      throw new Error(
        `${this.node.path}: passwordLength must be a whole number from 1 to 4096, got ${props.passwordLength}`,
      );
    }
    const stack = TerraformStack.of(this);
    const address = `${EphemeralRandomPassword.TF_TYPE}.${props.name}`;
    stack.addOverride(`ephemeral.${address}`, {
      ...(props.provider ? { provider: props.provider.fqn } : {}),
      password_length: props.passwordLength,
      exclude_punctuation: props.excludePunctuation ?? true,
      require_each_included_type: true,
    });
    this.value = Token.asString(ref(`ephemeral.${address}.random_password`, stack));
  }
}
