import type { TerraformResource } from "cdktf";
// cdktf's own naming of resources (the stack-relative construct path, hashed): the same function that
// named the resource at its old place.
import { makeUniqueId } from "cdktf/lib/private/unique";

/**
 * Tells Terraform that `resource` was, until a refactoring, the resource at the construct path
 * `oldPath` (relative to the stack), so a deployed environment moves it in state instead of
 * destroying and re-creating it (a `moved` block, Terraform >= 1.1).
 * see: https://developer.hashicorp.com/terraform/language/modules/develop/refactoring
 */
export function movedFrom(resource: TerraformResource, ...oldPath: string[]): void {
  resource.moveFromId(`${resource.terraformResourceType}.${makeUniqueId(oldPath)}`);
}
