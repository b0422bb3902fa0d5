import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { viaService } from "./kms-key-policy";
import type { Placement } from "../config/placement";

/** What the rotation function's execution role acts on. */
export interface RotationRoleStatementsProps {
  /** Account, region, partition, DNS suffix. */
  readonly placement: Placement;
  /** ARNs of the secrets the function rotates. */
  readonly secretArns: readonly string[];
  /** The key that encrypts them. */
  readonly secretsKeyArn: string;
  /** The key of the function's environment, logs and dead-letter queue. */
  readonly operationsKeyArn: string;
  /** The function's log group. */
  readonly logGroupArn: string;
  /** The function's dead-letter queue. */
  readonly deadLetterQueueArn: string;
  /**
   * The superuser secret of the alternating-users strategy.
   * @default - none
   */
  readonly masterSecretArn?: string;
  /**
   * The customer-managed key of the superuser secret.
   * @default - none (aws/secretsmanager needs no grant)
   */
  readonly masterSecretKmsKeyArn?: string;
}

/**
 * The rotation function's own permissions, each with the page that requires it. Reading the secrets it
 * rotates is not here: each secret grants it (`ManagedSecret.grantRead`).
 */
export function rotationRoleStatements(props: RotationRoleStatementsProps): DataAwsIamPolicyDocumentStatement[] {
  return [...secretStatements(props), ...runtimeStatements(props), ...superuserStatements(props)];
}

/** Writing new versions of the rotated secrets: stages, passwords, the data keys bound to each secret. */
function secretStatements(props: RotationRoleStatementsProps): DataAwsIamPolicyDocumentStatement[] {
  const { placement } = props;
  return [
    {
      // The writing half of rotation; the reading half (GetSecretValue, DescribeSecret) is each secret's grantRead.
      // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
      sid: "WriteVersionsOfTheseSecrets",
      actions: ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
      resources: [...props.secretArns],
    },
    {
      // GetRandomPassword acts on no resource, so AWS accepts no ARN here.
      // see: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
      sid: "GeneratePasswords",
      actions: ["secretsmanager:GetRandomPassword"],
      resources: ["*"],
    },
    {
      // Secrets Manager encrypts each value under a data key bound to the secret's ARN.
      // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
      // (kms:Decrypt for reading comes with each secret's grantRead.)
      sid: "EncryptNewVersionsOfTheseSecrets",
      actions: ["kms:GenerateDataKey"],
      resources: [props.secretsKeyArn],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: [viaService("secretsmanager", placement)] },
        { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: [...props.secretArns] },
      ],
    },
    {
      // DescribeKey carries no encryption context, so it cannot share the condition above.
      // see: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context
      sid: "DescribeTheSecretsKey",
      actions: ["kms:DescribeKey"],
      resources: [props.secretsKeyArn],
    },
  ];
}

/** What a function in a VPC needs to run: its environment's key, network interfaces, logs, traces, dead letters. */
function runtimeStatements(props: RotationRoleStatementsProps): DataAwsIamPolicyDocumentStatement[] {
  const { placement } = props;
  return [
    {
      // Lambda decrypts the environment with the execution role; SQS needs a data key for the dead letters.
      // see: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
      // see: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
      sid: "UseTheOperationsKeyForEnvironmentAndDeadLetters",
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: [props.operationsKeyArn],
      condition: [
        {
          test: "StringEquals",
          variable: "kms:ViaService",
          values: [viaService("lambda", placement), viaService("sqs", placement)],
        },
      ],
    },
    {
      // A function in a VPC manages its own network interfaces; these EC2 actions take no narrower resource.
      // see: https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
      sid: "ManageNetworkInterfacesInTheVpc",
      actions: [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      resources: ["*"],
    },
    {
      // see: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html#monitoring-cloudwatchlogs-prereqs
      sid: "WriteOwnLogsOnly",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${props.logGroupArn}:*`],
    },
    {
      // X-Ray's write actions take no resource-level permissions.
      // see: https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html#services-xray-permissions
      sid: "WriteTraces",
      actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      resources: ["*"],
    },
    {
      // see: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq
      sid: "SendToOwnDeadLetterQueue",
      actions: ["sqs:SendMessage"],
      resources: [props.deadLetterQueueArn],
    },
  ];
}

/** The alternating-users strategy's superuser secret: read it, find its database, decrypt it under its own key. */
function superuserStatements(props: RotationRoleStatementsProps): DataAwsIamPolicyDocumentStatement[] {
  const { placement } = props;
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (props.masterSecretArn) {
    statements.push(
      {
        // The alternating-users strategy logs in with the superuser secret to create and update the other
        // user; DescribeSecret reads the tags that name an RDS-managed secret's database.
        // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html#rotating-secrets-required-permissions-function-alternating-example
        sid: "ReadTheSuperuserSecret",
        actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        resources: [props.masterSecretArn],
      },
      {
        // Where the database of an RDS-managed master secret answers (its tags name it; the secret holds no host).
        // see: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
        sid: "FindTheDatabaseOfTheSuperuserSecret",
        actions: ["rds:DescribeDBInstances", "rds:DescribeDBClusters"],
        resources: [
          `arn:${placement.partition}:rds:${placement.region}:${placement.accountId}:db:*`,
          `arn:${placement.partition}:rds:${placement.region}:${placement.accountId}:cluster:*`,
        ],
      },
    );
    if (props.masterSecretKmsKeyArn) {
      statements.push({
        // A superuser secret under a customer-managed key: decrypt it, through Secrets Manager only.
        // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html#rotating-secrets-required-permissions-function-cust-key-example
        sid: "DecryptTheSuperuserSecret",
        actions: ["kms:Decrypt"],
        resources: [props.masterSecretKmsKeyArn],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: [viaService("secretsmanager", placement)] },
        ],
      });
    }
  }
  return statements;
}
