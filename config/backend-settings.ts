import { AWS_REGIONS, regionInfo } from "./aws-regions";
import type { ConfigProblem } from "./config-error";

/** Terraform state kept in a local file beside the synthesized stack (the default). */
export interface LocalBackendConfig {
  /** Selects the local backend. */
  readonly type: "local";
}

/** Terraform state kept in S3, one key per stack, locked with S3's native lock file. */
export interface S3BackendConfig {
  /** Selects the S3 backend. */
  readonly type: "s3";
  /** Bucket that holds the state (versioned and encrypted, owned by the platform team). */
  readonly bucket: string;
  /**
   * Region of the bucket.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * Key prefix; the key is `<keyPrefix>/<stack>/terraform.tfstate`.
   * @default "qualisys"
   */
  readonly keyPrefix?: string;
}

/** Terraform state in HCP Terraform / Terraform Cloud, one workspace per stack. */
export interface CloudBackendConfig {
  /** Selects the `cloud` block. */
  readonly type: "cloud";
  /** HCP Terraform organization. */
  readonly organization: string;
  /**
   * Prefix of the workspace names; the workspace is `<workspacePrefix><stack>`.
   * @default "qualisys-"
   */
  readonly workspacePrefix?: string;
  /**
   * Host name of HCP Terraform or Terraform Enterprise.
   * @default "app.terraform.io"
   */
  readonly hostname?: string;
}

/** Where Terraform keeps the state of an environment's stacks. */
export type BackendConfig = LocalBackendConfig | S3BackendConfig | CloudBackendConfig;

// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const S3_BUCKET = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_KEY_PREFIX = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const TFC_NAME = /^[A-Za-z0-9_-]+$/;
const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const BACKEND_TYPES = ["local", "s3", "cloud"];

/** What a region setting may be. */
export const REGION_EXPECTED = `one of ${AWS_REGIONS.join(", ")}`;

/** Checks the backend settings: the type, then the fields of that type. */
export function validateBackend(
  backend: BackendConfig | undefined,
  report: (p: Omit<ConfigProblem, "environment">) => void,
): void {
  if (backend === undefined) return;
  const type: unknown = (backend as { type?: unknown }).type;
  if (!BACKEND_TYPES.includes(type as string)) {
    report({ field: "backend.type", value: type, expected: `one of ${BACKEND_TYPES.join(", ")}` });
    return;
  }
  if (backend.type === "s3") {
    if (typeof backend.bucket !== "string" || !S3_BUCKET.test(backend.bucket)) {
      report({
        field: "backend.bucket",
        value: backend.bucket,
        expected: "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
      });
    }
    if (backend.region !== undefined && !regionInfo(backend.region)) {
      report({ field: "backend.region", value: backend.region, expected: REGION_EXPECTED });
    }
    if (backend.keyPrefix !== undefined && !S3_KEY_PREFIX.test(backend.keyPrefix)) {
      report({
        field: "backend.keyPrefix",
        value: backend.keyPrefix,
        expected: "path segments of letters, digits, '_', '.', '-' joined by '/', without leading or trailing '/'",
      });
    }
  } else if (backend.type === "cloud") {
    if (typeof backend.organization !== "string" || !TFC_NAME.test(backend.organization)) {
      report({
        field: "backend.organization",
        value: backend.organization,
        expected: "an HCP Terraform organization name (letters, digits, '_' and '-')",
      });
    }
    if (backend.workspacePrefix !== undefined && !/^[A-Za-z0-9_-]*$/.test(backend.workspacePrefix)) {
      report({
        field: "backend.workspacePrefix",
        value: backend.workspacePrefix,
        expected: "letters, digits, '_' and '-'",
      });
    }
    if (backend.hostname !== undefined && !HOSTNAME.test(backend.hostname)) {
      report({ field: "backend.hostname", value: backend.hostname, expected: "a host name such as app.terraform.io" });
    }
  }
}
