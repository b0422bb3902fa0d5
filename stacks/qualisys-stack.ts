import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/**
 * The Terraform every stack needs: write-only secret values (`secret_string_wo`) and ephemeral
 * resources need 1.11, `moved` blocks 1.1. Terraform enforces it at init and plan.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.11";

/** What the project's stacks share: the Terraform version they need, checked by Terraform, not at synthesis. */
export abstract class QualisysStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  }

  /**
   * cdktf runs `terraform version` during synthesis when a stack has a resource move (to check for
   * >= 1.5), so a stack with `moved` blocks could not be synthesized where Terraform is not installed.
   * The moved blocks are still written (they come from each resource); the version is checked by
   * Terraform itself through `required_version` above, where the blocks are used.
   */
  public override hasResourceMove(): boolean {
    return false;
  }
}
