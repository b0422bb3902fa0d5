import { GITHUB_OIDC_HOST } from "../constructs/access-role";
import type { ResolvedEnvironment } from "../config/environment-config";
import type { ResolvedPrincipal } from "../config/principals";
import { readerRoleArn } from "../config/access-settings";
import { needsRdsApi, type ResolvedRotation } from "../config/rotation-settings";
import type { ResolvedKubernetes } from "../config/kubernetes-settings";
import { ESO_NAMESPACE, ESO_SERVICE_ACCOUNT } from "../kubernetes/eso-chart";
import { environmentStackNames } from "../stacks/app";

const code = (text: string) => `\`${text}\``;
/** A principal as the guide names it: the role's ARN, or the permission set and the pattern its roles match. */
const named = (p: ResolvedPrincipal) =>
  p.arnPattern.includes("*")
    ? `${p.description} (roles matching ${code(p.arnPattern)})`
    : `the role ${code(p.arnPattern)}`;

type Item = (text: string) => void;

/** What must exist before the first apply of one environment, as a checklist from its configuration. */
export function renderPrerequisites(environment: ResolvedEnvironment): string {
  const { accountId, region } = environment;
  const lines = [`### ${environment.name} (account ${accountId}, ${region})`, ""];
  const item: Item = (text) => lines.push(`- [ ] ${text}`);
  principalItems(environment, item);
  identityProviderItems(environment, item);
  stateItems(environment, item);
  if (environment.rotation) databaseItems(environment.rotation, item);
  if (environment.kubernetes) clusterItems(environment, environment.kubernetes, item);
  const emails = [...environment.notificationEmails, ...environment.audit.securityNotificationEmails];
  if (emails.length > 0)
    item(
      `**E-mail subscriptions** of ${[...new Set(emails)].map(code).join(", ")} confirmed after the first apply (SNS sends each a confirmation link).`,
    );
  return lines.join("\n");
}

/** Who runs Terraform, what only plans, break glass, readers managed elsewhere. */
function principalItems(environment: ResolvedEnvironment, item: Item): void {
  const { access } = environment;
  for (const p of access.terraformPrincipals) {
    item(
      `**Who runs Terraform**: ${named(p)}, with the rights to create the stacks' resources (this project does not create it). Only it (and break glass) can refresh the secret versions: anyone else who runs \`terraform plan\` gets AccessDenied.`,
    );
  }
  for (const p of access.terraformPlanPrincipals)
    item(
      `**What only plans Terraform**: ${named(p)} (for HCP Terraform: \`TFC_AWS_PLAN_ROLE_ARN\`, beside \`TFC_AWS_RUN_ROLE_ARN\` for the principal above). It reads every secret version to refresh; it may not change a policy or write a value.`,
    );
  for (const p of access.breakGlassPrincipals) item(`**Break glass**: ${named(p)}.`);
  if (access.breakGlassPrincipals.length === 0)
    item(
      "**Break glass**: none configured: nobody can read a secret value by hand (the runbooks' break-glass steps) or delete a rotated secret. Set `access.breakGlassPrincipals` to allow it.",
    );
  for (const reader of access.extraReaders)
    item(
      `**Reader managed elsewhere**: ${named(reader.principal)} reads ${reader.accessGroups.join(", ")} (${reader.reason}); its own policies must allow the reads.`,
    );
}

/** The OIDC providers the roles trust, and GitHub's subject template where a role pins a workflow. */
function identityProviderItems(environment: ResolvedEnvironment, item: Item): void {
  const { access, partition, accountId } = environment;
  const providers = new Set<string>();
  if (access.eksOidcIssuer)
    providers.add(
      `arn:${partition}:iam::${accountId}:oidc-provider/${access.eksOidcIssuer} (the EKS cluster's, from the cluster story)`,
    );
  for (const role of access.roles) {
    if (role.trust.kind === "github-actions")
      providers.add(
        `arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST} (GitHub Actions, audience sts.amazonaws.com)`,
      );
    if (role.trust.kind === "web-identity") providers.add(role.trust.providerArn);
  }
  for (const role of access.roles) {
    const trust = role.trust;
    if (trust.kind === "github-actions" && trust.workflow !== undefined)
      item(
        `**GitHub subject template** of ${code(trust.repository)} including the workflow, so that ${code(role.name)} admits only ${code(trust.workflow)} at ${code(trust.ref ?? "")}: \`gh api -X PUT repos/${trust.repository}/actions/oidc/customization/sub -F use_default=false -f 'include_claim_keys[]=repo' -f 'include_claim_keys[]=context' -f 'include_claim_keys[]=job_workflow_ref'\` (AWS evaluates only \`sub\`).`,
      );
  }
  for (const provider of providers)
    item(
      `**IAM OIDC provider** ${code(provider.split(" ")[0]!)}${provider.includes(" ") ? ` ${provider.slice(provider.indexOf(" ") + 1)}` : ""}.`,
    );
}

/** Where the state lives, and what that asks of it. */
function stateItems(environment: ResolvedEnvironment, item: Item): void {
  const { backend } = environment;
  if (backend.type === "local")
    item(
      "**State**: local files `terraform.<stack>.tfstate` in the project root; keep them off Git and off shared disks, or choose S3 or HCP Terraform.",
    );
  else if (backend.type === "s3") {
    item(
      `**State bucket** ${code(backend.bucket)}${backend.region ? ` (${backend.region})` : ""}: versioning on, default encryption with a KMS key, all public access blocked, a policy that admits only the Terraform principals and denies requests without TLS. ${environment.writeOnlySecrets ? "Write-only mode keeps secret values out of state." : "**This environment is not in write-only mode: the state holds secret values** (the random JWT key, the initial database password and Redis token); treat the bucket as a secret store."}`,
    );
  } else {
    const prefix = backend.workspacePrefix ?? "qualisys-";
    const stacks = environmentStackNames(environment);
    item(
      `**HCP Terraform** organization ${code(backend.organization)} with the workspaces ${stacks.map((s) => code(prefix + s)).join(", ")}, Terraform >= 1.11, and dynamic provider credentials that assume the Terraform principal above.`,
    );
  }
}

/** The database's network, how it admits the function, the routes to the APIs it calls, its users. */
function databaseItems(rotation: ResolvedRotation, item: Item): void {
  const network = rotation.network;
  item(
    `**Database network** (from the database story): VPC ${code(network.vpcId)} (${network.vpcCidr}), subnets ${network.subnetIds.map(code).join(", ")}, the database's security group ${code(network.databaseSecurityGroupId)} on port ${network.databasePort}.`,
  );
  const access = network.databaseAccess;
  item(
    access === "ingress-rule"
      ? `**Database admission**: this stack adds a rule to ${code(network.databaseSecurityGroupId)} admitting the function's group on ${network.databasePort}; the database stack must manage that group's rules as separate resources, never inline (an inline rule set drops every rule it does not list at its next apply, and the rotation fails 90 days later).`
      : `**Database admission** (the database stack owns it): the client security group ${code(access.clientSecurityGroupId)}, admitted by ${code(network.databaseSecurityGroupId)} with \`aws_vpc_security_group_ingress_rule { security_group_id = "${network.databaseSecurityGroupId}", referenced_security_group_id = "${access.clientSecurityGroupId}", ip_protocol = "tcp", from_port = ${network.databasePort}, to_port = ${network.databasePort} }\`; the function gets that group beside its own. A rule this stack added before is left in place (a \`removed\` block, \`destroy = false\`): the database stack may import or delete it.`,
  );
  const endpoint = network.secretsManagerEndpoint;
  item(
    endpoint === "none"
      ? "**A route to Secrets Manager** from those subnets: a NAT gateway (the function calls Secrets Manager's public endpoint)."
      : endpoint === "create"
        ? "**VPC DNS support and DNS host names** turned on (the new Secrets Manager endpoint has private DNS), and no other Secrets Manager endpoint with private DNS in the VPC."
        : `**The VPC's Secrets Manager endpoint** ${code(endpoint.existingEndpointId)} admitting the function's security group on 443.`,
  );
  if (needsRdsApi(rotation)) {
    const rds = network.rdsApiEndpoint;
    item(
      rds === "none"
        ? "**A route to the RDS API** from those subnets (NAT): the function asks RDS where the database of the RDS-managed superuser secret answers."
        : rds === "create"
          ? "**The RDS API endpoint** is created with private DNS (the function asks RDS where the database of the RDS-managed superuser secret answers)."
          : `**The VPC's RDS API endpoint** ${code(rds.existingEndpointId)} admitting the function's security group on 443.`,
    );
  }
  item(
    "**The application's database user** exists with the initial password given as `database_password`: turning rotation on runs the function's test at once, which logs in with it.",
  );
  if (rotation.strategy === "alternating-users")
    item(
      `**The superuser secret** ${code(rotation.masterSecretArn ?? "")} exists (the alternating-users strategy logs in with it to create the second user).`,
    );
}

/** The cluster, its namespaces and the workloads' service accounts. */
function clusterItems(environment: ResolvedEnvironment, kubernetes: ResolvedKubernetes, item: Item): void {
  const { partition, accountId } = environment;
  item(
    `**EKS cluster** ${code(kubernetes.clusterName)}: an access entry for the Terraform principal (the operator and sync stacks call the Kubernetes API with \`aws eks get-token\`), envelope encryption of Kubernetes Secrets with a KMS key, and RBAC that lets only the workloads' service accounts read the Secrets of their namespace.`,
  );
  item(
    `**Namespaces** ${kubernetes.workloads.map((w) => code(w.namespace)).join(", ")} exist (the operator stack creates only ${code(ESO_NAMESPACE)}, with the service account ${code(ESO_SERVICE_ACCOUNT)}).`,
  );
  for (const w of kubernetes.workloads) {
    item(
      `**Service account** ${code(`${w.namespace}/${w.serviceAccount}`)} exists with the annotation ${code(`eks.amazonaws.com/role-arn: ${readerRoleArn(partition, accountId, environment.access.readerRolePath, w.roleName)}`)}: the namespace's SecretStore reads as it.`,
    );
  }
}

/** The prerequisites of every environment. */
export function renderAllPrerequisites(environments: readonly ResolvedEnvironment[]): string {
  return environments.map(renderPrerequisites).join("\n\n");
}

/** The break-glass principals of each environment, for the runbooks. */
export function renderRunbookPrincipals(environments: readonly ResolvedEnvironment[]): string {
  const lines = ["| Environment | Break glass (`access.breakGlassPrincipals`) |", "|---|---|"];
  for (const environment of environments) {
    const principals = environment.access.breakGlassPrincipals;
    lines.push(
      `| ${environment.name} | ${principals.length > 0 ? principals.map(named).join("<br>") : "none: the break-glass steps cannot be run"} |`,
    );
  }
  return lines.join("\n");
}
