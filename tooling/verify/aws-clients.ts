/**
 * The AWS SDK v3 clients verify calls, made once per run with the caller's credentials (the SDK's
 * default chain: environment, profile, SSO, instance role) in the environment's region.
 */
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { STSClient } from "@aws-sdk/client-sts";

/** One client per service verify reads. */
export interface AwsClients {
  readonly secretsManager: SecretsManagerClient;
  readonly kms: KMSClient;
  readonly cloudTrail: CloudTrailClient;
  readonly cloudWatch: CloudWatchClient;
  readonly eventBridge: EventBridgeClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
}

/** The clients for a region. */
export function awsClients(region: string): AwsClients {
  // The SDK logs nothing unless given a logger; verify gives none, so no request or response is printed.
  const config = { region, maxAttempts: 5 };
  return {
    secretsManager: new SecretsManagerClient(config),
    kms: new KMSClient(config),
    cloudTrail: new CloudTrailClient(config),
    cloudWatch: new CloudWatchClient(config),
    eventBridge: new EventBridgeClient(config),
    iam: new IAMClient(config),
    sts: new STSClient(config),
  };
}

/** An SDK error's name and message (AWS error messages name resources and actions, never secret values). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Whether an SDK error is an access denial (the caller's policies or the resource's deny the call). */
export function isAccessDenied(error: unknown): boolean {
  return error instanceof Error && /AccessDenied/i.test(error.name);
}

/** Whether an SDK error says the resource does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && /NotFound|NoSuchEntity/i.test(error.name);
}

/**
 * A finding for a call that failed: FAIL when the environment is wrong (the resource is missing, say),
 * NOT CHECKED when the caller may not look (AccessDenied): that says nothing about the environment.
 */
export function failedCall(error: unknown, what: string): { outcome: "FAIL" | "NOT CHECKED"; evidence: string } {
  return isAccessDenied(error)
    ? { outcome: "NOT CHECKED", evidence: `${what}: not allowed to look (${describeError(error)})` }
    : { outcome: "FAIL", evidence: `${what}: ${describeError(error)}` };
}
