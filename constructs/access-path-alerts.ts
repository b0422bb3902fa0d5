import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { Placement } from "../config/placement";
import { apiCallAlerts, apiCalls } from "./api-call-alert";

/** IAM calls that change who may assume a role or what it may do. */
export const ROLE_CHANGES = [
  "UpdateAssumeRolePolicy",
  "PutRolePolicy",
  "AttachRolePolicy",
  "DeleteRolePolicy",
  "DetachRolePolicy",
  "PutRolePermissionsBoundary",
  "DeleteRolePermissionsBoundary",
  "DeleteRole",
] as const;

/** EKS calls that let a principal into the cluster (who can run a pod can run it as any service account). */
export const CLUSTER_ACCESS_CHANGES = [
  "CreateAccessEntry",
  "UpdateAccessEntry",
  "AssociateAccessPolicy",
  "UpdateClusterConfig",
] as const;

/** The region whose EventBridge receives IAM's events. see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html */
export const IAM_EVENTS_REGION = "us-east-1";

/** Props of {@link AccessPathAlerts}. */
export interface AccessPathAlertsProps {
  /** Prefix of the rules' names. */
  readonly name: string;
  /** The security topic the alerts go to. */
  readonly topicArn: string;
  /** Account, region and partition. */
  readonly placement: Placement;
  /** Names of the roles whose trust or policies are watched: the readers, the rotation role, Terraform's. */
  readonly roleNames: readonly string[];
  /**
   * The EKS cluster whose access entries are watched.
   * @default - no cluster
   */
  readonly clusterName?: string;
  /**
   * A provider for us-east-1, required when the stack's region is another: IAM's events reach EventBridge
   * there only, so a rule there forwards them to this region's default bus.
   * @default - the stack is in us-east-1
   */
  readonly iamEventsProvider?: TerraformProvider;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Tells the security topic of the ways to become a reader without touching a secret: a change to the
 * trust or the policies of a role that reads (or rotates, or runs Terraform), and a new way into the
 * cluster, where a pod can run as a workload's service account.
 */
export class AccessPathAlerts extends Construct {
  /** The rules, by what they watch. */
  public readonly rules: ReadonlyMap<string, CloudwatchEventRule>;

  constructor(scope: Construct, id: string, props: AccessPathAlertsProps) {
    super(scope, id);
    const { rules, add: alert } = apiCallAlerts(this, {
      name: props.name,
      topicArn: props.topicArn,
      provider: props.provider,
    });
    const roleChanges = apiCalls("iam.amazonaws.com", {
      eventName: [...ROLE_CHANGES],
      requestParameters: { roleName: [...props.roleNames] },
    });
    if (props.roleNames.length > 0) {
      alert(
        "role-changes",
        "Trust or policy changes of the roles that read, rotate or deploy the secrets",
        roleChanges,
        "a role that reads the secrets",
      );
      if (props.placement.region !== IAM_EVENTS_REGION) this.forwardIamEvents(props, roleChanges);
    }
    if (props.clusterName) {
      alert(
        "cluster-access-changes",
        `New access to the EKS cluster ${props.clusterName}, whose pods can run as the workloads' service accounts`,
        apiCalls("eks.amazonaws.com", {
          eventName: [...CLUSTER_ACCESS_CHANGES],
          requestParameters: { name: [props.clusterName] },
        }),
        `the EKS cluster ${props.clusterName}`,
      );
    }
    this.rules = rules;
  }

  /** A rule in us-east-1 that sends IAM's matching events to this region's default bus, where the alert rule sees them. */
  private forwardIamEvents(props: AccessPathAlertsProps, pattern: Record<string, unknown>): void {
    const provider = props.iamEventsProvider;
    if (!provider) {
      throw new Error(
        `${this.node.path}: iamEventsProvider is required in ${props.placement.region}: IAM's events reach EventBridge in ${IAM_EVENTS_REGION} only`,
      );
    }
    const { partition, region, accountId } = props.placement;
    const bus = `arn:${partition}:events:${region}:${accountId}:event-bus/default`;
    const trust = new DataAwsIamPolicyDocument(this, "forward-trust", {
      provider,
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
        },
      ],
    });
    const role = new IamRole(this, "forward-role", {
      provider,
      name: `${props.name}-iam-events`,
      assumeRolePolicy: trust.json,
    });
    const policy = new DataAwsIamPolicyDocument(this, "forward-policy", {
      provider,
      statement: [{ sid: "PutEventsOnTheHomeBus", actions: ["events:PutEvents"], resources: [bus] }],
    });
    new IamRolePolicy(this, "forward-role-policy", { provider, role: role.id, name: "forward", policy: policy.json });
    const rule = new CloudwatchEventRule(this, "forward-rule", {
      provider,
      name: `${props.name}-role-changes-to-${region}`,
      description: `IAM role changes, forwarded to ${region} where the security alerts are`,
      eventPattern: Fn.jsonencode(pattern),
    });
    new CloudwatchEventTarget(this, "forward-target", { provider, rule: rule.name, arn: bus, roleArn: role.arn });
  }
}
