import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { RoleTrust } from "../config/role-trust";
import type { Placement } from "../config/placement";
import { PolicyStatements, type ISecretGrantee } from "./secret-grantee";
import type { SecretReadPolicy } from "./secret-read-policy";

/** The host of GitHub's OIDC provider. see: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * The trust statement of a role: who may assume it, always through a web identity, always with the
 * audience and the subject pinned.
 */
export function trustStatement(
  trust: RoleTrust,
  placement: Placement,
  eksOidcIssuer?: string,
): DataAwsIamPolicyDocumentStatement {
  const provider = (host: string) => `arn:${placement.partition}:iam::${placement.accountId}:oidc-provider/${host}`;
  switch (trust.kind) {
    case "eks-service-account": {
      if (!eksOidcIssuer) throw new Error("an eks-service-account trust needs the cluster's OIDC issuer");
      // see: https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
      return {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [provider(eksOidcIssuer)] }],
        condition: [
          { test: "StringEquals", variable: `${eksOidcIssuer}:aud`, values: ["sts.amazonaws.com"] },
          {
            test: "StringEquals",
            variable: `${eksOidcIssuer}:sub`,
            values: [`system:serviceaccount:${trust.namespace}:${trust.serviceAccount}`],
          },
        ],
      };
    }
    case "github-actions": {
      // GitHub's default subject for an environment's jobs; for a pinned workflow, the subject of the
      // template ["repo", "context", "job_workflow_ref"] (the repository must use it; the deploy guide says how).
      const subject =
        trust.environment !== undefined
          ? `repo:${trust.repository}:environment:${trust.environment}`
          : `repo:${trust.repository}:ref:${trust.ref}:job_workflow_ref:${trust.repository}/${trust.workflow}@${trust.ref}`;
      return {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [provider(GITHUB_OIDC_HOST)] }],
        condition: [
          { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: ["sts.amazonaws.com"] },
          { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: [subject] },
        ],
      };
    }
    case "web-identity":
      return {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [trust.providerArn] }],
        condition: trust.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
      };
  }
}

/** Props of {@link AccessRole}. */
export interface AccessRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  /**
   * IAM path of the role (its ARN is `role<path><name>`).
   * @default "/"
   */
  readonly path?: string;
  /** What the role is for. */
  readonly description: string;
  /** Who may assume it. */
  readonly trust: RoleTrust;
  /** Account and partition. */
  readonly placement: Placement;
  /**
   * The cluster's OIDC issuer, for service-account trusts.
   * @default - none
   */
  readonly eksOidcIssuer?: string;
  /**
   * The access groups' read policies the role gets; each then counts the role among its principals.
   * @default - none
   */
  readonly readPolicies?: readonly SecretReadPolicy[];
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A role that reads secrets: a web-identity trust pinned to one subject, and the access groups' read
 * policies. A secret may also grant the role itself (`grantRead(role, ...)`): those statements go in
 * an inline policy of the role.
 */
export class AccessRole extends Construct implements ISecretGrantee {
  /** The role. */
  public readonly role: IamRole;
  /** Its trust statement. */
  public readonly trust: DataAwsIamPolicyDocumentStatement;
  /** The role's name. */
  public readonly granteeName: string;
  /** The role's ARN (from the role resource). */
  public readonly principalArns: readonly string[];
  private readonly provider?: TerraformProvider;
  private inline?: { readonly statements: PolicyStatements; readonly document: DataAwsIamPolicyDocument };

  constructor(scope: Construct, id: string, props: AccessRoleProps) {
    super(scope, id);
    this.provider = props.provider;
    this.granteeName = props.roleName;
    this.trust = trustStatement(props.trust, props.placement, props.eksOidcIssuer);
    const trustDocument = new DataAwsIamPolicyDocument(this, "trust", {
      provider: props.provider,
      statement: [this.trust],
    });
    this.role = new IamRole(this, "role", {
      provider: props.provider,
      name: props.roleName,
      // Only when set: a path of "/" is the default, and writing it would show as a change to imported roles.
      ...(props.path && props.path !== "/" ? { path: props.path } : {}),
      description: props.description,
      assumeRolePolicy: trustDocument.json,
      maxSessionDuration: 3600,
    });
    this.principalArns = [this.role.arn];
    (props.readPolicies ?? []).forEach((policy, i) => {
      new IamRolePolicyAttachment(this, `policy-${i}`, {
        provider: props.provider,
        role: this.role.name,
        policyArn: policy.policy.arn,
      });
      policy.addPrincipal(this.role.arn);
    });
  }

  public addToPrincipalPolicy(statement: DataAwsIamPolicyDocumentStatement): boolean {
    if (!this.inline) {
      const document = new DataAwsIamPolicyDocument(this, "granted-document", {
        provider: this.provider,
        statement: [],
      });
      new IamRolePolicy(this, "granted", {
        provider: this.provider,
        name: "granted-secrets",
        role: this.role.id,
        policy: document.json,
      });
      this.inline = { statements: new PolicyStatements(), document };
    }
    this.inline.statements.add(statement);
    this.inline.document.putStatement(this.inline.statements.toArray());
    return true;
  }
}
