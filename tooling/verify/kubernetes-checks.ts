/**
 * AC8 and AC9: the External Secrets Operator runs, and every ExternalSecret of the environment is synced,
 * read through the Kubernetes API with the caller's kubeconfig (`@kubernetes/client-node` 1.x). Of a
 * Kubernetes Secret only the keys are looked at; its data is dropped as soon as it is read.
 * see: https://external-secrets.io/latest/api/externalsecret/ (status conditions: Ready, reason SecretSynced)
 */
import type { KubernetesObject } from "../../kubernetes/eso-manifests";
import { ApiException, AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { ESO_API_VERSION, ESO_CHART, ESO_NAMESPACE } from "../../kubernetes/eso-chart";
import { externalSecrets, SECRET_STORE } from "../../kubernetes/eso-manifests";
import { rowOf, type CheckRow, type Finding } from "./report";

/** The API clients of one cluster. */
export interface KubernetesApis {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly custom: CustomObjectsApi;
  /** Which context and server they talk to, for the evidence. */
  readonly describedAs: string;
}

/**
 * The clients for the environment's cluster: the kubeconfig context given, else the context `aws eks
 * update-kubeconfig` names after the cluster (its ARN: this account and region first), else one named
 * after the cluster, else the current context.
 */
export function kubernetesApis(
  kubeConfig: KubeConfig,
  cluster: { readonly name: string; readonly arn?: string },
  context?: string,
): KubernetesApis {
  const contexts = kubeConfig.getContexts();
  const chosen =
    context ??
    contexts.find((c) => c.name === cluster.arn || c.cluster === cluster.arn)?.name ??
    contexts.find(
      (c) =>
        c.name.endsWith(`:cluster/${cluster.name}`) ||
        c.name === cluster.name ||
        c.cluster.endsWith(`:cluster/${cluster.name}`),
    )?.name ??
    kubeConfig.getCurrentContext();
  if (!kubeConfig.getContexts().some((c) => c.name === chosen)) {
    throw new Error(
      `--context: no context ${JSON.stringify(chosen)} in the kubeconfig (contexts: ${
        kubeConfig
          .getContexts()
          .map((c) => c.name)
          .join(", ") || "none"
      })`,
    );
  }
  kubeConfig.setCurrentContext(chosen);
  return {
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    describedAs: `context ${chosen} (${kubeConfig.getCurrentCluster()?.server ?? "no server"})`,
  };
}

/** An API error without its body's data: the HTTP code and the Status message. */
function describeKubernetesError(error: unknown): string {
  if (error instanceof ApiException) {
    const body = typeof error.body === "string" ? safeJson(error.body) : (error.body as unknown);
    const message = (body as { message?: unknown } | undefined)?.message;
    return `HTTP ${error.code}${typeof message === "string" ? `: ${message}` : ""}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A condition of an object's status. */
interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

const readyOf = (object: { status?: { conditions?: readonly Condition[] } } | undefined) =>
  object?.status?.conditions?.find((c) => c.type === "Ready");

/** AC8: the operator's deployments are of the pinned chart and fully available, and its pods are Ready. */
export async function operatorRow(
  environment: ResolvedEnvironment,
  apis: KubernetesApis | undefined,
  unavailable?: string,
): Promise<CheckRow> {
  const title = `External Secrets Operator running in ${ESO_NAMESPACE}, chart ${ESO_CHART.version}`;
  if (!environment.kubernetes)
    return rowOf("AC8", title, [
      { outcome: "NOT CHECKED", evidence: "no cluster in this environment's configuration" },
    ]);
  if (!apis) return rowOf("AC8", title, [{ outcome: "NOT CHECKED", evidence: `no Kubernetes access: ${unavailable}` }]);
  const findings: Finding[] = [];
  const chartLabel = `${ESO_CHART.chart}-${ESO_CHART.version}`;
  try {
    const deployments = (await apis.apps.listNamespacedDeployment({ namespace: ESO_NAMESPACE })).items;
    if (deployments.length === 0)
      findings.push({ outcome: "FAIL", evidence: `no deployment in ${ESO_NAMESPACE} (${apis.describedAs})` });
    for (const d of deployments) {
      const name = d.metadata?.name ?? "?";
      const chart = d.metadata?.labels?.["helm.sh/chart"];
      const wanted = d.spec?.replicas ?? 1;
      const ready = d.status?.readyReplicas ?? 0;
      if (chart !== chartLabel)
        findings.push({
          outcome: "FAIL",
          evidence: `deployment ${name}: chart ${chart ?? "unlabelled"}, expected ${chartLabel}`,
        });
      if (ready < wanted)
        findings.push({ outcome: "FAIL", evidence: `deployment ${name}: ${ready}/${wanted} replicas ready` });
      if (chart === chartLabel && ready >= wanted)
        findings.push({ outcome: "PASS", evidence: `deployment ${name}: chart ${chart}, ${ready}/${wanted} ready` });
    }
    const pods = (await apis.core.listNamespacedPod({ namespace: ESO_NAMESPACE })).items.filter(
      (p) => p.status?.phase !== "Succeeded",
    );
    const notReady = pods.filter((p) => p.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True");
    if (pods.length === 0) findings.push({ outcome: "FAIL", evidence: `no pod in ${ESO_NAMESPACE}` });
    else if (notReady.length > 0)
      findings.push({
        outcome: "FAIL",
        evidence: `pods not Ready: ${notReady.map((p) => `${p.metadata?.name} (${p.status?.phase})`).join(", ")}`,
      });
    else {
      const images = [...new Set(pods.flatMap((p) => p.spec?.containers.map((c) => c.image ?? "?") ?? []))];
      findings.push({ outcome: "PASS", evidence: `${pods.length} pods Ready; images ${images.join(", ")}` });
    }
  } catch (error) {
    findings.push({
      outcome: "NOT CHECKED",
      evidence: `the cluster could not be read (${apis.describedAs}): ${describeKubernetesError(error)}`,
    });
  }
  return rowOf("AC8", title, findings);
}

/** AC9: each namespace's SecretStore and each ExternalSecret are Ready, and each target Secret has exactly the expected keys. */
export async function syncRow(
  environment: ResolvedEnvironment,
  apis: KubernetesApis | undefined,
  unavailable?: string,
): Promise<CheckRow> {
  const title = "Every ExternalSecret synced into its namespace, with the expected keys";
  if (!environment.kubernetes)
    return rowOf("AC9", title, [
      { outcome: "NOT CHECKED", evidence: "no cluster in this environment's configuration" },
    ]);
  if (!apis) return rowOf("AC9", title, [{ outcome: "NOT CHECKED", evidence: `no Kubernetes access: ${unavailable}` }]);
  const findings: Finding[] = [];
  for (const workload of environment.kubernetes.workloads) {
    const finding = await storeFinding(apis, workload.namespace);
    if (finding) findings.push(finding);
  }
  for (const expected of externalSecrets(environment)) findings.push(await externalSecretFinding(apis, expected));
  return rowOf("AC9", title, findings);
}

/** A namespace's SecretStore that is not Ready (or cannot be read), if so. */
async function storeFinding(apis: KubernetesApis, namespace: string): Promise<Finding | undefined> {
  const [group, version] = ESO_API_VERSION.split("/") as [string, string];
  try {
    const store = (await apis.custom.getNamespacedCustomObject({
      group,
      version,
      namespace,
      plural: "secretstores",
      name: SECRET_STORE.name,
    })) as { status?: { conditions?: Condition[] } };
    const ready = readyOf(store);
    if (ready?.status !== "True")
      return {
        outcome: "FAIL",
        evidence: `${namespace}/SecretStore ${SECRET_STORE.name}: not Ready (${ready?.reason ?? "no condition"}: ${ready?.message ?? ""})`,
      };
  } catch (error) {
    return {
      outcome: "FAIL",
      evidence: `${namespace}/SecretStore ${SECRET_STORE.name}: ${describeKubernetesError(error)}`,
    };
  }
  return undefined;
}

/** An ExternalSecret: Ready, and its Secret with exactly the expected keys (values are never kept). */
async function externalSecretFinding(apis: KubernetesApis, expected: KubernetesObject): Promise<Finding> {
  const [group, version] = ESO_API_VERSION.split("/") as [string, string];
  const { name, namespace } = expected.metadata;
  const spec = expected.spec as { data: { secretKey: string }[]; target: { name: string } };
  const where = `${namespace!}/${name}`;
  try {
    const found = (await apis.custom.getNamespacedCustomObject({
      group,
      version,
      namespace: namespace!,
      plural: "externalsecrets",
      name,
    })) as { status?: { conditions?: Condition[]; refreshTime?: string } };
    const ready = readyOf(found);
    if (ready?.status !== "True")
      return {
        outcome: "FAIL",
        evidence: `${where}: not Ready (${ready?.reason ?? "no condition"}${ready?.message ? `: ${ready.message}` : ""})`,
      };
    const secret = await apis.core.readNamespacedSecret({ name: spec.target.name, namespace: namespace! });
    // Only the keys are kept; the values (base64) are dropped here.
    const keys = Object.keys(secret.data ?? {}).sort();
    const wanted = spec.data.map((d) => d.secretKey).sort();
    const missing = wanted.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !wanted.includes(k));
    if (missing.length > 0 || extra.length > 0)
      return {
        outcome: "FAIL",
        evidence: `${where}: Secret ${spec.target.name} keys differ${missing.length ? `; missing ${missing.join(", ")}` : ""}${extra.length ? `; unexpected ${extra.join(", ")}` : ""}`,
      };
    return {
      outcome: "PASS",
      evidence: `${where}: Ready (${ready.reason ?? "synced"}), refreshed ${found.status?.refreshTime ?? "?"}; Secret ${spec.target.name} has ${keys.join(", ")}`,
    };
  } catch (error) {
    return { outcome: "FAIL", evidence: `${where}: ${describeKubernetesError(error)}` };
  }
}
