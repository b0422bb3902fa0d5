import type { TerraformResource, TerraformStack } from "cdktf";
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

/**
 * Tells Terraform that a resource this stack used to manage, at any of the construct paths `oldPaths`
 * (relative to the stack: its address now, and before any refactoring), is no longer its own but must
 * not be destroyed: `removed` blocks with `destroy = false` (Terraform >= 1.7) take it out of state and
 * leave it in AWS, for whoever manages it now to import or delete.
 * see: https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
 */
export function removedWithoutDestroying(
  stack: TerraformStack,
  resourceType: string,
  oldPaths: readonly (readonly string[])[],
): void {
  // One call per stack: its blocks replace any earlier ones.
  stack.addOverride(
    "removed",
    oldPaths.map((oldPath) => ({
      from: `${resourceType}.${makeUniqueId([...oldPath])}`,
      lifecycle: { destroy: false },
    })),
  );
}
