/**
 * `npm run verify`: the story's acceptance criteria, checked against a deployed environment with the
 * caller's AWS credentials and kubeconfig. Read-only: it calls only List, Describe, Get and Lookup APIs.
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { accessRow } from "./access-checks";
import { auditRow } from "./audit-checks";
import type { AwsClients } from "./aws-clients";
import { operatorRow, syncRow, type KubernetesApis } from "./kubernetes-checks";
import type { CheckRow, VerifyReport } from "./report";
import { rotationRow } from "./rotation-checks";
import { encryptionRow, readSecrets, valueRows } from "./secret-checks";

/** A reason verify cannot run at all (wrong account, bad arguments): no row would mean anything. */
export class VerifyError extends Error {
  override readonly name = "VerifyError";
}

/** What one run needs. */
export interface VerifyOptions {
  readonly environment: ResolvedEnvironment;
  readonly aws: AwsClients;
  /**
   * The cluster's API clients.
   * @default - the Kubernetes rows are NOT CHECKED, saying {@link kubernetesUnavailable}
   */
  readonly kubernetes?: KubernetesApis;
  /**
   * Why there is no Kubernetes access (no kubeconfig, no context).
   * @default - "no kubeconfig"
   */
  readonly kubernetesUnavailable?: string;
  /**
   * The time of the run (the event history window ends there).
   * @default - now
   */
  readonly now?: Date;
}

/** Who the caller is, refusing to go on in another account than the environment's. */
export async function callerOf(environment: ResolvedEnvironment, aws: AwsClients): Promise<string> {
  const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
  if (identity.Account !== environment.accountId) {
    throw new VerifyError(
      `the credentials are for account ${identity.Account} (${identity.Arn}); environment ${environment.name} is in ${environment.accountId}: use that account's credentials`,
    );
  }
  return identity.Arn!;
}

/** Runs every check and returns the rows, AC1 to AC12. */
export async function verifyEnvironment(
  options: VerifyOptions,
  extraRows: (caller: string) => Promise<CheckRow[]> = () => Promise.resolve([]),
): Promise<VerifyReport> {
  const { environment, aws } = options;
  const now = options.now ?? new Date();
  const caller = await callerOf(environment, aws);
  const inventory = await readSecrets(environment, aws, caller);
  const unavailable = options.kubernetesUnavailable ?? "no kubeconfig";
  const rows: CheckRow[] = [
    await encryptionRow(environment, inventory, aws),
    ...valueRows(inventory.states, caller),
    await operatorRow(environment, options.kubernetes, unavailable),
    await syncRow(environment, options.kubernetes, unavailable),
    await rotationRow(environment, inventory.states, aws),
    await auditRow(environment, aws, now, caller),
    await accessRow(environment, inventory.states, aws),
    ...(await extraRows(caller)),
  ];
  return {
    environment: environment.name,
    accountId: environment.accountId,
    region: environment.region,
    caller,
    checkedAt: now.toISOString(),
    rows,
  };
}
