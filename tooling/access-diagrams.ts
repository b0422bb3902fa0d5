import { rotationFunctionName } from "../config/access-model";
import type { ResolvedEnvironment } from "../config/environment-config";
import { SECRET_STORE } from "../kubernetes/eso-manifests";

/**
 * Mermaid diagrams of the generated docs, drawn from the same access model as the policies: a wrong
 * grant shows as an edge a reviewer does not expect. GitHub and most Markdown viewers render them.
 * see: https://mermaid.js.org/syntax/flowchart.html
 */

/** A Mermaid node id from any text (ids allow letters, digits and `_` only). */
function nodeId(prefix: string, text: string): string {
  return `${prefix}_${text.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** A node label, quoted; Mermaid labels cannot hold a double quote. */
function label(text: string): string {
  return `"${text.replace(/"/g, "'")}"`;
}

/**
 * Who reads what in one environment: each secret → every principal allowed to read it (edge label:
 * why) → for workload roles, the namespace's SecretStore that reads as that role → the namespace, the
 * edge naming the secrets the namespace's ExternalSecrets sync.
 */
export function renderAccessDiagram(environment: ResolvedEnvironment): string {
  const lines = ["flowchart LR"];
  const nodes = new Map<string, string>();
  const node = (id: string, text: string, shape: "box" | "round" | "stadium" = "box") => {
    const [open, close] = { box: ["[", "]"], round: ["(", ")"], stadium: ["([", "])"] }[shape];
    nodes.set(id, `  ${id}${open}${label(text)}${close}`);
    return id;
  };
  const edges: string[] = [];
  for (const grant of environment.accessModel.grants) {
    const secret = node(nodeId("secret", grant.secretName), grant.secretName, "stadium");
    const reader = grant.reader;
    const targets =
      reader.kind === "access-group"
        ? reader.roleNames.map((name) => node(nodeId("role", name), `role ${name}`))
        : reader.kind === "rotation-function"
          ? [node(nodeId("role", reader.roleName), `rotation function ${reader.roleName}`)]
          : reader.kind === "role"
            ? [node(nodeId("role", reader.roleName), `role ${reader.roleName}`)]
            : [node(nodeId("principal", reader.name), reader.name)];
    for (const target of targets) edges.push(`  ${secret} -->|${label(grant.reason)}| ${target}`);
  }
  for (const workload of environment.kubernetes?.workloads ?? []) {
    const delivered = environment.accessModel.deliveries
      .filter((d) => d.namespace === workload.namespace)
      .map((d) => d.secretName);
    const role = node(nodeId("role", workload.roleName), `role ${workload.roleName}`);
    const store = node(
      nodeId("store", workload.namespace),
      `SecretStore ${workload.namespace}/${SECRET_STORE.name} (as ${workload.serviceAccount})`,
      "round",
    );
    const namespace = node(nodeId("namespace", workload.namespace), `namespace ${workload.namespace}`);
    edges.push(`  ${role} -->|IRSA| ${store}`);
    edges.push(`  ${store} -->|${label(delivered.join(", ") || "nothing")}| ${namespace}`);
  }
  return [...lines, ...nodes.values(), ...edges].join("\n");
}

/** The rotation flow: schedule → function → database and secret → notifications. */
export function renderRotationDiagram(environment: ResolvedEnvironment): string {
  const rotation = environment.rotation;
  if (!rotation) return `flowchart LR\n  none["${environment.name}: no rotation function (rotation not configured)"]`;
  const rotated = environment.catalog.filter((d) => d.rotation.kind === "automatic");
  const fn = rotationFunctionName(environment.name);
  const lines = ["flowchart LR"];
  for (const definition of rotated) {
    const days =
      rotation.automaticallyAfterDays ??
      (definition.rotation.kind === "automatic" ? definition.rotation.everyDays : 90);
    const id = nodeId("secret", definition.name);
    lines.push(
      `  ${nodeId("schedule", definition.name)}[${label(`Secrets Manager schedule: every ${days} days`)}] --> ${id}([${label(definition.name)}])`,
    );
    lines.push(
      `  ${id} -->|${label("createSecret, setSecret, testSecret, finishSecret")}| fn[${label(`Lambda ${fn} (${rotation.strategy})`)}]`,
    );
  }
  lines.push(`  fn -->|${label("ALTER USER ... PASSWORD")}| db[(${label("PostgreSQL")})]`);
  lines.push(`  fn -.->|${label("failed invocations")}| dlq[${label(`SQS ${fn}-dlq`)}]`);
  lines.push(
    `  trail[${label("CloudTrail: RotationSucceeded, RotationFailed, RotationAbandoned, TestRotationFailed")}] --> rule[${label("EventBridge rule")}] --> topic[${label(`SNS ${fn}`)}]`,
  );
  const subscribers =
    environment.notificationEmails.length > 0 ? environment.notificationEmails.join(", ") : "no subscriber";
  lines.push(`  topic --> mail[${label(subscribers)}]`);
  return lines.join("\n");
}

/** Both diagrams of every environment, as Markdown. */
export function renderDiagrams(environments: readonly ResolvedEnvironment[]): string {
  return environments
    .flatMap((environment) => [
      `### ${environment.name}: who reads what`,
      "",
      "```mermaid",
      renderAccessDiagram(environment),
      "```",
      "",
      `### ${environment.name}: rotation`,
      "",
      "```mermaid",
      renderRotationDiagram(environment),
      "```",
      "",
    ])
    .join("\n")
    .trimEnd();
}
