import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { rotationFunctionArchive } from "../assets/rotation-function-archive";
import { LAMBDA_ARCHITECTURES, type RotationFunctionOptions } from "../config/rotation-settings";
import { DEFAULT_EXCLUDE_CHARACTERS } from "../lambda/rotation/config";
import type { Placement } from "../config/placement";
import type { ManagedSecret } from "./managed-secret";
import { rotationRoleStatements } from "./rotation-role-statements";
import { PolicyStatements, type ISecretGrantee } from "./secret-grantee";

/** The Lambda runtime of the function. */
export const ROTATION_RUNTIME = "nodejs22.x";

/** Props of {@link PostgresRotationFunction}; its options are documented with their defaults on {@link RotationFunctionOptions}. */
export interface PostgresRotationFunctionProps extends RotationFunctionOptions {
  /** Name of the function, its role, log group and queue. */
  readonly functionName: string;
  /** Account, region, partition and DNS suffix. */
  readonly placement: Placement;
  /**
   * The secrets the function rotates: it may write new versions of these and no other. Reading them
   * is granted by each secret (`grantRead`).
   */
  readonly secrets: readonly ManagedSecret[];
  /** ARN of the key that encrypts the secrets. */
  readonly secretsKeyArn: string;
  /** ARN of the key for the log group, environment variables and dead-letter queue. */
  readonly operationsKeyArn: string;
  /** Subnets of the database's VPC the function's network interfaces go in. */
  readonly subnetIds: readonly string[];
  /** The function's security groups (see `RotationFunctionNetwork`). */
  readonly securityGroupIds: readonly string[];
  /**
   * ARN of the superuser secret the alternating-users strategy logs in with.
   * @default - none (single-user strategy)
   */
  readonly masterSecretArn?: string;
  /**
   * The customer-managed KMS key of the superuser secret.
   * @default - none (aws/secretsmanager needs no grant)
   */
  readonly masterSecretKmsKeyArn?: string;
  /**
   * Provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The PostgreSQL rotation function, deployed with exactly the access it needs: its esbuild bundle
 * (built at synth into a deterministic zip), an execution role that may write new versions of the
 * secrets it rotates (reading them is each secret's grant), its own KMS-encrypted log group and
 * dead-letter queue, and X-Ray tracing. Its network is {@link RotationFunctionNetwork}'s.
 */
export class PostgresRotationFunction extends Construct implements ISecretGrantee {
  /** The function. */
  public readonly function: LambdaFunction;
  /** Its execution role. */
  public readonly role: IamRole;
  /** Its log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** Its dead-letter queue. */
  public readonly deadLetterQueue: SqsQueue;
  /** What grants name it by. */
  public readonly granteeName: string;
  /** The execution role's ARN. */
  public readonly principalArns: readonly string[];
  private readonly statementList: PolicyStatements;
  private readonly permissions: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: PostgresRotationFunctionProps) {
    super(scope, id);
    const { provider } = props;
    const architecture = this.checked(props);
    this.granteeName = props.functionName;

    const archive = rotationFunctionArchive();
    const asset = new TerraformAsset(this, "package", {
      path: archive.file,
      type: AssetType.FILE,
      assetHash: archive.sha256Hex,
    });
    const { logGroup, deadLetterQueue } = this.addOperations(props);
    this.logGroup = logGroup;
    this.deadLetterQueue = deadLetterQueue;
    const statements = rotationRoleStatements({
      placement: props.placement,
      secretArns: props.secrets.map((s) => s.secretArn),
      secretsKeyArn: props.secretsKeyArn,
      operationsKeyArn: props.operationsKeyArn,
      logGroupArn: logGroup.arn,
      deadLetterQueueArn: deadLetterQueue.arn,
      masterSecretArn: props.masterSecretArn,
      masterSecretKmsKeyArn: props.masterSecretKmsKeyArn,
    });
    this.statementList = new PolicyStatements(statements);

    const { role, permissions, rolePolicy } = this.addRole(props);
    this.role = role;
    this.permissions = permissions;
    this.principalArns = [role.arn];
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
      // Unset unless configured: a reservation fails where the account's unreserved concurrency would drop below 100.
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: { mode: "Active" },
      kmsKeyArn: props.operationsKeyArn,
      environment: { variables: functionEnvironment(props) },
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
      vpcConfig: { subnetIds: [...props.subnetIds], securityGroupIds: [...props.securityGroupIds] },
      // The role's permissions must exist before the function first runs.
      dependsOn: [rolePolicy, this.logGroup],
    });
  }

  /** The architecture, after checking the props no type can: at least one secret, a known architecture. */
  private checked(props: PostgresRotationFunctionProps): string {
    if (props.secrets.length === 0)
      throw new Error(`${this.node.path}: secrets must name at least one secret to rotate`);
    const architecture = props.architecture ?? "arm64";
    if (!LAMBDA_ARCHITECTURES.includes(architecture)) {
      throw new Error(
        `${this.node.path}: architecture must be one of ${LAMBDA_ARCHITECTURES.join(", ")}, got "${String(architecture)}"`,
      );
    }
    return architecture;
  }

  /** The function's own log group and dead-letter queue, under the operations key. */
  private addOperations(props: PostgresRotationFunctionProps) {
    const { provider } = props;
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      provider,
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionInDays ?? 365,
      kmsKeyId: props.operationsKeyArn,
    });

    const deadLetterQueue = new SqsQueue(this, "dead-letters", {
      provider,
      name: `${props.functionName}-dlq`,
      kmsMasterKeyId: props.operationsKeyArn,
      messageRetentionSeconds: 1_209_600, // 14 days, the maximum: time to read what failed
    });

    return { logGroup, deadLetterQueue };
  }

  /** The execution role: Lambda of this account may assume it; its permissions are the statement list. */
  private addRole(props: PostgresRotationFunctionProps) {
    const { provider } = props;
    const { accountId } = props.placement;
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
    const role = new IamRole(this, "role", {
      provider,
      name: props.functionName,
      description: "Execution role of the Qualisys secret rotation function",
      assumeRolePolicy: trust.json,
    });
    const permissions = new DataAwsIamPolicyDocument(this, "permissions", {
      provider,
      statement: this.statementList.toArray(),
    });
    const rolePolicy = new IamRolePolicy(this, "role-policy", {
      provider,
      name: "rotate-secrets",
      role: role.id,
      policy: permissions.json,
    });

    return { role, permissions, rolePolicy };
  }

  /** The statements of the execution role's permission policy, grants included. */
  public get policyStatements(): readonly DataAwsIamPolicyDocumentStatement[] {
    return this.statementList.toArray();
  }

  public addToPrincipalPolicy(statement: DataAwsIamPolicyDocumentStatement): boolean {
    this.statementList.add(statement);
    this.permissions.putStatement(this.statementList.toArray());
    return true;
  }
}

/** The function's environment: endpoints, password rules, TLS to the database, the database's other names. */
function functionEnvironment(props: PostgresRotationFunctionProps): Record<string, string> {
  const { region, dnsSuffix } = props.placement;
  return {
    // The SDK's standard endpoint setting: the regional endpoint, or the VPC endpoint through private DNS.
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `https://secretsmanager.${region}.${dnsSuffix}`,
    PASSWORD_LENGTH: String(props.passwordLength ?? 32),
    EXCLUDE_CHARACTERS: props.excludeCharacters ?? DEFAULT_EXCLUDE_CHARACTERS,
    DB_SSL_MODE: "verify-full",
    DB_CA_BUNDLE: props.caBundlePath ?? "/var/runtime/ca-cert.pem",
    ...(props.hostAliases?.length ? { DB_HOST_ALIASES: props.hostAliases.join(",") } : {}),
  };
}
