import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { trustStatement } from "./access-role";
import { viaService, type KeyPlacement } from "./kms-key-policy";

/** Props of {@link ExternalSecretsOperatorRole}. */
export interface ExternalSecretsOperatorRoleProps {
  /** Role name (the secrets stack's resource policies name the same role). */
  readonly roleName: string;
  /** Account, region, partition. */
  readonly placement: KeyPlacement;
  /** The cluster's OIDC issuer. */
  readonly eksOidcIssuer: string;
  /** Namespace of the operator's service account. */
  readonly namespace: string;
  /** The operator's service account. */
  readonly serviceAccount: string;
  /** Prefix of the secrets it may read, e.g. `qualisys/`. */
  readonly secretNamePrefix: string;
  /** Alias of the key that encrypts the secrets (lives in the secrets stack; no cross-stack reference). */
  readonly secretsKeyAlias: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The External Secrets Operator's IRSA role: assumable only by its service account through the
 * cluster's OIDC provider, reading only the secrets under the prefix. Nothing on `*`: the operator's
 * AWS docs need `secretsmanager:ListSecrets` (which takes no resource) only for `find` by name or tag,
 * and the ExternalSecrets here name every secret.
 * see: https://external-secrets.io/latest/provider/aws-secrets-manager/#iam-policy
 */
export class ExternalSecretsOperatorRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** Its permission statements. */
  public readonly statements: readonly DataAwsIamPolicyDocumentStatement[];

  constructor(scope: Construct, id: string, props: ExternalSecretsOperatorRoleProps) {
    super(scope, id);
    const { placement, provider } = props;
    const { partition, region, accountId } = placement;
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      provider,
      statement: [trustStatement({ kind: "eks-service-account", namespace: props.namespace, serviceAccount: props.serviceAccount }, placement, props.eksOidcIssuer)],
    });
    this.role = new IamRole(this, "role", {
      provider,
      name: props.roleName,
      description: "External Secrets Operator: reads the qualisys/ secrets for the cluster",
      assumeRolePolicy: trust.json,
    });
    this.statements = [
      {
        sid: "ReadTheQualisysSecrets",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy"],
        resources: [`arn:${partition}:secretsmanager:${region}:${accountId}:secret:${props.secretNamePrefix}*`],
      },
      {
        // The key by its alias, so this stack needs no reference to the secrets stack's key.
        // see: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-resource-aliases
        sid: "DecryptWithTheSecretsKeyThroughSecretsManager",
        actions: ["kms:Decrypt"],
        resources: [`arn:${partition}:kms:${region}:${accountId}:key/*`],
        condition: [
          { test: "ForAnyValue:StringEquals", variable: "kms:ResourceAliases", values: [props.secretsKeyAlias] },
          { test: "StringEquals", variable: "kms:ViaService", values: [viaService("secretsmanager", placement)] },
        ],
      },
    ];
    const permissions = new DataAwsIamPolicyDocument(this, "permissions", { provider, statement: [...this.statements] });
    new IamRolePolicy(this, "policy", { provider, name: "read-qualisys-secrets", role: this.role.id, policy: permissions.json });
  }
}
