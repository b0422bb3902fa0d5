import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { AssetType, TerraformAsset, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DEFAULT_EXCLUDE_CHARACTERS } from "../lambda/rotation/config";
import { rotationFunctionArchive } from "../lambda/bundle";
import { viaService, type KeyPlacement } from "./kms-key-policy";
import type { ManagedSecret } from "./managed-secret";

/** Lambda architectures the function is built for (esbuild's bundle is plain JavaScript: both work). */
export const LAMBDA_ARCHITECTURES = ["arm64", "x86_64"] as const;

/** A Lambda architecture. */
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

/** The Lambda runtime of the function. */
export const ROTATION_RUNTIME = "nodejs22.x";

/** Where the function runs: the database's VPC (from the database story). */
export interface RotationNetworkProps {
  /** The VPC of the database. */
  readonly vpcId: string;
  /** The VPC's CIDR: the function may reach the database port and HTTPS inside it. */
  readonly vpcCidr: string;
  /** Private subnets the function's network interfaces go in (two or more availability zones). */
  readonly subnetIds: readonly string[];
  /** Security group of the database; it gets an ingress rule from the function on the database port. */
  readonly databaseSecurityGroupId: string;
  /**
   * Port of the database.
   * @default 5432
   */
  readonly databasePort?: number;
  /**
   * Create an interface VPC endpoint for Secrets Manager (private DNS on). Without it the function
   * reaches Secrets Manager's public endpoint through the subnets' NAT, on 443 to anywhere.
   * @default false
   */
  readonly secretsManagerEndpoint?: boolean;
}

/** Props of {@link PostgresRotationFunction}. */
export interface PostgresRotationFunctionProps {
  /** Name of the function, its role, log group, queue and security group. */
  readonly functionName: string;
  /** Account, region, partition and DNS suffix. */
  readonly placement: KeyPlacement;
  /** The secrets the function rotates: it may act on these and no other. */
  readonly secrets: readonly ManagedSecret[];
  /** ARN of the key that encrypts the secrets. */
  readonly secretsKeyArn: string;
  /** ARN of the key for the log group, environment variables and dead-letter queue. */
  readonly operationsKeyArn: string;
  /** The network the function runs in. */
  readonly network: RotationNetworkProps;
  /**
   * ARN of the superuser secret the alternating-users strategy logs in with.
   * @default - none (single-user strategy)
   */
  readonly masterSecretArn?: string;
  /**
   * Memory, in MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Timeout, in seconds.
   * @default 30
   */
  readonly timeoutSeconds?: number;
  /**
   * Reserved concurrency: caps the function and keeps capacity for it.
   * @default 2
   */
  readonly reservedConcurrency?: number;
  /**
   * CPU architecture.
   * @default "arm64"
   */
  readonly architecture?: LambdaArchitecture;
  /**
   * Days the function's logs are kept.
   * @default 365
   */
  readonly logRetentionInDays?: number;
  /**
   * Length of generated passwords.
   * @default 32
   */
  readonly passwordLength?: number;
  /**
   * Characters generated passwords never hold.
   * @default "/@\"'\\ " and space
   */
  readonly excludeCharacters?: string;
  /**
   * CA bundle the database certificate is verified against, inside the Lambda runtime.
   * @default "/var/runtime/ca-cert.pem" (the runtime's Amazon CAs, RDS's included)
   */
  readonly caBundlePath?: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The PostgreSQL rotation function, deployed with exactly the access it needs: its esbuild bundle
 * (built at synth into a deterministic zip), an execution role limited to the secrets it rotates,
 * its own KMS-encrypted log group and dead-letter queue, X-Ray tracing, and a security group that
 * reaches only the database port and HTTPS for Secrets Manager, inside the database's VPC.
 */
export class PostgresRotationFunction extends Construct {
  /** The function. */
  public readonly function: LambdaFunction;
  /** Its execution role. */
  public readonly role: IamRole;
  /** The statements of its permission policy (for tests and docs). */
  public readonly policyStatements: readonly DataAwsIamPolicyDocumentStatement[];
  /** Its log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** Its dead-letter queue. */
  public readonly deadLetterQueue: SqsQueue;
  /** Its security group. */
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: PostgresRotationFunctionProps) {
    super(scope, id);
    const { placement, network, provider } = props;
    const { region, accountId } = placement;
    if (props.secrets.length === 0) throw new Error("secrets must name at least one secret to rotate");
    const architecture = props.architecture ?? "arm64";
    if (!LAMBDA_ARCHITECTURES.includes(architecture)) {
      throw new Error(`architecture must be one of ${LAMBDA_ARCHITECTURES.join(", ")}, got "${String(architecture)}"`);
    }
    const databasePort = network.databasePort ?? 5432;

    const archive = rotationFunctionArchive();
    const asset = new TerraformAsset(this, "package", { path: archive.file, type: AssetType.FILE, assetHash: archive.sha256Hex });

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      provider,
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionInDays ?? 365,
      kmsKeyId: props.operationsKeyArn,
    });

    this.deadLetterQueue = new SqsQueue(this, "dead-letters", {
      provider,
      name: `${props.functionName}-dlq`,
      kmsMasterKeyId: props.operationsKeyArn,
      messageRetentionSeconds: 1_209_600, // 14 days, the maximum: time to read what failed
    });

    this.securityGroup = new SecurityGroup(this, "security-group", {
      provider,
      name: props.functionName,
      description: "Secret rotation function: the database port and HTTPS to Secrets Manager, nothing else",
      vpcId: network.vpcId,
      // No inline rules: Terraform removes the default allow-all egress of a new group, and the
      // rules below are the only ones.
    });
    new VpcSecurityGroupEgressRule(this, "egress-database", {
      provider,
      securityGroupId: this.securityGroup.id,
      description: "PostgreSQL inside the VPC",
      ipProtocol: "tcp",
      fromPort: databasePort,
      toPort: databasePort,
      cidrIpv4: network.vpcCidr,
    });
    new VpcSecurityGroupEgressRule(this, "egress-secrets-manager", {
      provider,
      securityGroupId: this.securityGroup.id,
      description: network.secretsManagerEndpoint ? "Secrets Manager VPC endpoint" : "Secrets Manager public endpoint, through NAT",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: network.secretsManagerEndpoint ? network.vpcCidr : "0.0.0.0/0",
    });
    new VpcSecurityGroupIngressRule(this, "database-ingress", {
      provider,
      securityGroupId: network.databaseSecurityGroupId,
      description: `PostgreSQL from the secret rotation function ${props.functionName}`,
      ipProtocol: "tcp",
      fromPort: databasePort,
      toPort: databasePort,
      referencedSecurityGroupId: this.securityGroup.id,
    });
    if (network.secretsManagerEndpoint) this.secretsManagerEndpoint(props);

    const secretArns = props.secrets.map((s) => s.secretArn);
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
        sid: "RotateOnlyTheseSecrets",
        actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
        resources: secretArns,
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
        sid: "UseTheSecretsKeyForTheseSecrets",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [props.secretsKeyArn],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: [viaService("secretsmanager", placement)] },
          { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: secretArns },
        ],
      },
      {
        // DescribeKey carries no encryption context, so it cannot share the condition above.
        // see: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context
        sid: "DescribeTheSecretsKey",
        actions: ["kms:DescribeKey"],
        resources: [props.secretsKeyArn],
      },
      {
        // Lambda decrypts the environment with the execution role; SQS needs a data key for the dead letters.
        // see: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
        // see: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
        sid: "UseTheOperationsKeyForEnvironmentAndDeadLetters",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [props.operationsKeyArn],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [viaService("lambda", placement), viaService("sqs", placement)] }],
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
        resources: [`${this.logGroup.arn}:*`],
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
        resources: [this.deadLetterQueue.arn],
      },
    ];
    if (props.masterSecretArn) {
      statements.push({
        // The alternating-users strategy logs in with the superuser secret to create and update the clone user.
        // see: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html#rotating-secrets-required-permissions-function-alternating-example
        sid: "ReadTheSuperuserSecret",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [props.masterSecretArn],
      });
    }
    this.policyStatements = statements;

    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      provider,
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
          // see: https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html (confused deputy)
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      provider,
      name: props.functionName,
      description: "Execution role of the Qualisys secret rotation function",
      assumeRolePolicy: trust.json,
    });
    const permissions = new DataAwsIamPolicyDocument(this, "permissions", { provider, statement: statements });
    const rolePolicy = new IamRolePolicy(this, "role-policy", {
      provider,
      name: "rotate-secrets",
      role: this.role.id,
      policy: permissions.json,
    });

    const environment: Record<string, string> = {
      // The SDK's standard endpoint setting: the regional endpoint, or the VPC endpoint through private DNS.
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `https://secretsmanager.${region}.${placement.dnsSuffix}`,
      PASSWORD_LENGTH: String(props.passwordLength ?? 32),
      EXCLUDE_CHARACTERS: props.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
      DB_SSL_MODE: "verify-full",
      DB_CA_BUNDLE: props.caBundlePath ?? "/var/runtime/ca-cert.pem",
    };

    this.function = new LambdaFunction(this, "function", {
      provider,
      functionName: props.functionName,
      description: "Rotates PostgreSQL secrets of Secrets Manager (four-step protocol)",
      role: this.role.arn,
      runtime: ROTATION_RUNTIME,
      architectures: [architecture],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: archive.sha256Base64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeoutSeconds ?? 30,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 2,
      tracingConfig: { mode: "Active" },
      kmsKeyArn: props.operationsKeyArn,
      environment: { variables: environment },
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
      vpcConfig: { subnetIds: [...network.subnetIds], securityGroupIds: [this.securityGroup.id] },
      // The role's permissions must exist before the function first runs.
      dependsOn: [rolePolicy, this.logGroup],
    });
  }

  private secretsManagerEndpoint(props: PostgresRotationFunctionProps): void {
    const { network, provider, placement } = props;
    const endpointGroup = new SecurityGroup(this, "endpoint-security-group", {
      provider,
      name: `${props.functionName}-secretsmanager-endpoint`,
      description: "Secrets Manager VPC endpoint: HTTPS from the secret rotation function",
      vpcId: network.vpcId,
    });
    new VpcSecurityGroupIngressRule(this, "endpoint-ingress", {
      provider,
      securityGroupId: endpointGroup.id,
      description: "HTTPS from the secret rotation function",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: this.securityGroup.id,
    });
    new VpcEndpoint(this, "secretsmanager-endpoint", {
      provider,
      vpcId: network.vpcId,
      serviceName: `com.amazonaws.${placement.region}.secretsmanager`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: [...network.subnetIds],
      securityGroupIds: [endpointGroup.id],
    });
  }
}
