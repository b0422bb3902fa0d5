import { LocalBackend, S3Backend, type TerraformBackend, type TerraformStack } from "cdktf";
import { HcpTerraformBackend } from "./hcp-terraform-backend";
import type { BackendConfig } from "../config/environment-config";

/** The S3 key of a stack's state: `<keyPrefix>/<stack>/terraform.tfstate`. */
export function s3StateKey(keyPrefix: string | undefined, stackName: string): string {
  return `${keyPrefix ?? "qualisys"}/${stackName}/terraform.tfstate`;
}

/** The HCP Terraform workspace of a stack: `<workspacePrefix><stack>`. */
export function cloudWorkspaceName(workspacePrefix: string | undefined, stackName: string): string {
  return `${workspacePrefix ?? "qualisys-"}${stackName}`;
}

/**
 * Sets the state backend of a stack from the environment's configuration: a local file by
 * default, S3 with one key per stack and S3-native locking, or HCP Terraform with one workspace
 * per stack. Each stack has its own state, so stacks plan and apply independently.
 */
export function configureStateBackend(
  stack: TerraformStack,
  stackName: string,
  backend: BackendConfig,
  defaultRegion: string,
): TerraformBackend {
  switch (backend.type) {
    case "local":
      // The project root, relative to the stack's working directory (cdktf.out/stacks/<stack>,
      // or infrastructure/terraform/<stack>): outside cdktf.out, which every synth replaces, and
      // without cdktf's default absolute path, which differs between machines. Git ignores *.tfstate.
      return new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: s3StateKey(backend.keyPrefix, stackName),
        region: backend.region ?? defaultRegion,
        encrypt: true,
      });
      // S3-native state locking (Terraform >= 1.10) instead of a DynamoDB table; cdktf 0.21 has no property for it.
      s3.addOverride("use_lockfile", true);
      return s3;
    }
    case "cloud":
      return new HcpTerraformBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspace: cloudWorkspaceName(backend.workspacePrefix, stackName),
      });
  }
}
