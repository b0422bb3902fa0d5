import { DataTerraformRemoteState, TerraformBackend, type TerraformRemoteState } from "cdktf";
import type { Construct } from "constructs";

/** Props of {@link HcpTerraformBackend}. */
export interface HcpTerraformBackendProps {
  /** HCP Terraform organization. */
  readonly organization: string;
  /** The one workspace of the stack. */
  readonly workspace: string;
  /**
   * Host name of HCP Terraform or Terraform Enterprise.
   * @default "app.terraform.io"
   */
  readonly hostname?: string;
}

/**
 * The `cloud` block: the stack's state and runs in one HCP Terraform workspace.
 *
 * It writes what cdktf's `CloudBackend` writes, without that class's synth-time validation, which
 * runs `terraform version`: with it, synthesizing a stack that uses HCP Terraform fails on a machine
 * without a terraform binary, and every synthesis pays for a process. The stacks need Terraform 1.11
 * anyway (write-only arguments), which the docs state.
 */
export class HcpTerraformBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly props: HcpTerraformBackendProps,
  ) {
    super(scope, "backend", "cloud");
  }

  /** The `cloud` block in JSON. */
  public override toTerraform(): unknown {
    const { organization, hostname, workspace } = this.props;
    return {
      terraform: { cloud: { organization, ...(hostname ? { hostname } : {}), workspaces: { name: workspace } } },
    };
  }

  /** The `cloud` block for cdktf's HCL output. */
  public override toHclTerraform(): unknown {
    const simple = (value: string) => ({ value, type: "simple", storageClassType: "string" });
    const { organization, hostname, workspace } = this.props;
    return {
      terraform: {
        cloud: {
          organization: simple(organization),
          ...(hostname ? { hostname: simple(hostname) } : {}),
          workspaces: { value: { name: simple(workspace) }, isBlock: true, type: "map", storageClassType: "stringmap" },
        },
      },
    };
  }

  /** As cdktf's CloudBackend: `cloud` for HCP Terraform, `tfe` for Terraform Enterprise (read by the cdktf CLI). */
  public override toMetadata(): unknown {
    const hostname = this.props.hostname ?? "app.terraform.io";
    return { ...(super.toMetadata() as object), cloud: hostname === "app.terraform.io" ? "tfc" : "tfe" };
  }

  /** Reads this workspace's outputs from another stack. */
  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new DataTerraformRemoteState(scope, name, {
      organization: this.props.organization,
      hostname: this.props.hostname,
      workspaces: { name: this.props.workspace },
    });
  }
}
