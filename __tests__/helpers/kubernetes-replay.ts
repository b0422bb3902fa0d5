/**
 * A Kubernetes API server that answers from recorded objects, so that verify's Kubernetes rows run the
 * real `@kubernetes/client-node` (its request paths, its error types) against a cluster's answers. The
 * objects model what ESO 2.9.0 and Kubernetes write, as documented:
 * - ExternalSecret status: a `Ready` condition, `True` with reason `SecretSynced` and message "Secret was
 *   synced", or `False` with `SecretSyncedError` "could not get secret data from provider"; `refreshTime`,
 *   `syncedResourceVersion` (`<generation>-<hash of labels and annotations>`), `binding` (see:
 *   https://external-secrets.io/latest/introduction/faq/, https://external-secrets.io/latest/api/externalsecret/
 *   and ESO's pkg/controllers/externalsecret/externalsecret_controller.go, markAsDone / markAsFailed: a
 *   changed annotation changes the synced resource version, so the controller refreshes at once);
 * - SecretStore status: `Ready` with reason `Valid` / `InvalidProviderConfig`, and `capabilities`
 *   (see: https://external-secrets.io/latest/api/secretstore/);
 * - the chart's deployments labelled `helm.sh/chart: external-secrets-<version>`, pods with a `Ready`
 *   condition, Secrets with base64 `data`, and `Status` objects for errors
 *   (see: https://kubernetes.io/docs/reference/kubernetes-api/).
 * The tests check the ESO objects against ESO's own CRD schemas (../shared/schemas/external-secrets/).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { KubeConfig } from "@kubernetes/client-node";
import type { ResolvedEnvironment } from "../../config/environment-config";
import { ESO_CHART, ESO_NAMESPACE } from "../../kubernetes/eso-chart";
import { externalSecrets, secretStores, type KubernetesObject } from "../../kubernetes/eso-manifests";

/** A recorded cluster: objects by API path. */
export type RecordedCluster = Map<string, Record<string, unknown>>;

const metadata = (name: string, namespace: string, labels: Record<string, string> = {}) => ({
  name,
  namespace,
  uid: `${randomBytes(4).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(6).toString("hex")}`,
  resourceVersion: String(100000 + Math.floor(Math.random() * 900000)),
  generation: 1,
  creationTimestamp: "2026-11-02T09:14:03Z",
  labels,
});

/** ESO's Ready condition, as it writes it. */
export function readyCondition(ready: boolean, kind: "ExternalSecret" | "SecretStore"): Record<string, string> {
  if (kind === "SecretStore") {
    return ready
      ? {
          type: "Ready",
          status: "True",
          reason: "Valid",
          message: "store validated",
          lastTransitionTime: "2026-11-02T09:14:05Z",
        }
      : {
          type: "Ready",
          status: "False",
          reason: "InvalidProviderConfig",
          message: "unable to validate store",
          lastTransitionTime: "2026-11-30T11:02:41Z",
        };
  }
  return ready
    ? {
        type: "Ready",
        status: "True",
        reason: "SecretSynced",
        message: "Secret was synced",
        lastTransitionTime: "2026-11-02T09:14:07Z",
      }
    : {
        type: "Ready",
        status: "False",
        reason: "SecretSyncedError",
        message: "could not get secret data from provider",
        lastTransitionTime: "2026-11-30T11:02:41Z",
      };
}

/**
 * A healthy cluster for the environment: the chart's three deployments and their pods, each namespace's
 * SecretStore and ExternalSecrets (the objects the sync stack applies, as the API server returns them,
 * with ESO's status), and the Secrets ESO wrote, each key holding a random value.
 */
export function recordedCluster(environment: ResolvedEnvironment): RecordedCluster {
  const cluster: RecordedCluster = new Map();
  const chartLabels = (component: string) => ({
    "app.kubernetes.io/name": component,
    "app.kubernetes.io/instance": "external-secrets",
    "app.kubernetes.io/version": ESO_CHART.appVersion,
    "app.kubernetes.io/managed-by": "Helm",
    "helm.sh/chart": `${ESO_CHART.chart}-${ESO_CHART.version}`,
  });
  const components = ["external-secrets", "external-secrets-webhook", "external-secrets-cert-controller"];
  cluster.set(`/apis/apps/v1/namespaces/${ESO_NAMESPACE}/deployments`, {
    apiVersion: "apps/v1",
    kind: "DeploymentList",
    metadata: { resourceVersion: "512034" },
    items: components.map((name) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: metadata(name, ESO_NAMESPACE, chartLabels(name)),
      spec: {
        replicas: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": "external-secrets" } },
        template: { spec: { containers: [] } },
      },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
    })),
  });
  cluster.set(`/api/v1/namespaces/${ESO_NAMESPACE}/pods`, {
    apiVersion: "v1",
    kind: "PodList",
    metadata: { resourceVersion: "512034" },
    items: components.map((name) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: metadata(`${name}-6d9c7b8f5-${randomBytes(3).toString("hex").slice(0, 5)}`, ESO_NAMESPACE, {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": "external-secrets",
      }),
      // The image is illustrative; verify prints it and checks nothing about it.
      spec: {
        containers: [
          {
            name: name.replace("external-secrets-", "") || "external-secrets",
            image: `oci.external-secrets.io/external-secrets/external-secrets:${ESO_CHART.appVersion}`,
          },
        ],
      },
      status: {
        phase: "Running",
        conditions: [
          { type: "Initialized", status: "True" },
          { type: "Ready", status: "True", lastTransitionTime: "2026-11-02T09:13:40Z" },
          { type: "ContainersReady", status: "True" },
          { type: "PodScheduled", status: "True" },
        ],
      },
    })),
  });
  for (const store of secretStores(environment)) {
    const { name, namespace } = store.metadata;
    cluster.set(`/apis/external-secrets.io/v1/namespaces/${namespace}/secretstores/${name}`, {
      ...store,
      metadata: { ...metadata(name, namespace!), labels: store.metadata.labels },
      status: { capabilities: "ReadWrite", conditions: [readyCondition(true, "SecretStore")] },
    });
  }
  for (const external of externalSecrets(environment)) {
    const { name, namespace } = external.metadata;
    const spec = external.spec as { data: { secretKey: string }[]; target: { name: string } };
    cluster.set(`/apis/external-secrets.io/v1/namespaces/${namespace}/externalsecrets/${name}`, {
      ...external,
      metadata: {
        ...metadata(name, namespace!),
        labels: external.metadata.labels,
        annotations: (external.metadata as { annotations?: Record<string, string> }).annotations,
      },
      status: {
        binding: { name: spec.target.name },
        conditions: [readyCondition(true, "ExternalSecret")],
        refreshTime: "2026-11-30T11:00:07Z",
        syncedResourceVersion: `1-${randomBytes(16).toString("hex")}`,
      },
    });
    cluster.set(`/api/v1/namespaces/${namespace}/secrets/${spec.target.name}`, {
      apiVersion: "v1",
      kind: "Secret",
      type: "Opaque",
      metadata: {
        ...metadata(spec.target.name, namespace!, {
          "reconcile.external-secrets.io/created-by": randomBytes(16).toString("hex"),
        }),
        ownerReferences: [
          { apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", name, uid: "owner", controller: true },
        ],
      },
      data: Object.fromEntries(
        spec.data.map((d) => [
          d.secretKey,
          Buffer.from(`k8s-${randomBytes(12).toString("base64url")}`).toString("base64"),
        ]),
      ),
    });
  }
  return cluster;
}

/** The ESO objects of a recorded cluster (to check against ESO's schemas). */
export function esoObjectsOf(cluster: RecordedCluster): KubernetesObject[] {
  return [...cluster.entries()]
    .filter(([path]) => path.startsWith("/apis/external-secrets.io/"))
    .map(([, object]) => object as KubernetesObject);
}

/** Every value the recorded Secrets hold (decoded), for scans of what verify prints. */
export function kubernetesValuesOf(cluster: RecordedCluster): string[] {
  return [...cluster.values()]
    .filter((o) => o.kind === "Secret")
    .flatMap((o) =>
      Object.values(o.data as Record<string, string>).map((v) => Buffer.from(v, "base64").toString("utf8")),
    );
}

/** A `Status` object, as the API server answers an error. */
function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
}

/** A running replay: a kubeconfig that points at it, the requests it saw, and how to stop it. */
export interface Replay {
  readonly kubeConfig: KubeConfig;
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the recorded cluster. A merge patch that changes an ExternalSecret's annotations makes `onForceSync`
 * run first (ESO reconciles an ExternalSecret whose annotations change).
 * The kubeconfig names the replay's context after the cluster's ARN, as `aws eks update-kubeconfig` does,
 * and makes another (unreachable) context current, beside a context of a same-named cluster in another
 * account, so the tests see verify choose the environment's cluster.
 */
export async function replay(
  cluster: RecordedCluster,
  clusterName: string,
  onForceSync?: (path: string) => void,
): Promise<Replay> {
  const requests: string[] = [];
  const body = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      request.on("end", () => resolve(text));
    });
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? "/", "http://replay").pathname;
      requests.push(`${request.method} ${path}`);
      const found = cluster.get(path);
      let answer: [number, unknown] = found
        ? [200, found]
        : [404, status(404, "NotFound", `the server could not find the requested resource (${path})`)];
      if (request.method === "PATCH") {
        const patch = JSON.parse(await body(request)) as { metadata?: { annotations?: Record<string, string> } };
        if (found && patch.metadata?.annotations) {
          const meta = found.metadata as { annotations?: Record<string, string> };
          meta.annotations = { ...meta.annotations, ...patch.metadata.annotations };
          onForceSync?.(path);
          answer = [200, found];
        } else if (found) answer = [422, status(422, "Invalid", "unexpected patch")];
      } else if (request.method !== "GET")
        answer = [405, status(405, "MethodNotAllowed", `${request.method} is not recorded`)];
      response.writeHead(answer[0], { "Content-Type": "application/json" });
      response.end(JSON.stringify(answer[1]));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      { name: "replay", server: `http://127.0.0.1:${port}`, skipTLSVerify: true },
      { name: "elsewhere", server: "http://127.0.0.1:9", skipTLSVerify: true },
    ],
    users: [{ name: "someone", token: "not-a-real-token" }],
    contexts: [
      { name: "kind-local", cluster: "elsewhere", user: "someone" },
      // The same cluster name in another account: not the environment's.
      { name: `arn:aws:eks:eu-central-1:999999999999:cluster/${clusterName}`, cluster: "elsewhere", user: "someone" },
      { name: `arn:aws:eks:eu-central-1:123456789012:cluster/${clusterName}`, cluster: "replay", user: "someone" },
    ],
    currentContext: "kind-local",
  });
  return { kubeConfig, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
