import { DescribeDBClustersCommand, DescribeDBInstancesCommand, type RDSClient } from "@aws-sdk/client-rds";

/**
 * The system tags RDS puts on the master user secret it manages, naming the database it belongs to.
 * see: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
 */
export const RDS_INSTANCE_TAG = "aws:rds:primaryDBInstanceArn";
export const RDS_CLUSTER_TAG = "aws:rds:primaryDBClusterArn";

/** Where a database answers. */
export interface DatabaseEndpoint {
  /** The database's ARN, from the master secret's tag. */
  readonly arn: string;
  readonly host: string;
  readonly port: number;
}

/**
 * Finds the database an RDS-managed master secret belongs to. Such a secret holds only `username`
 * and `password`; the tags name the instance or cluster, and RDS says where it answers. As AWS's
 * multi-user rotation function does, the endpoint comes from RDS, never from the application secret.
 */
export class DatabaseDirectory {
  constructor(private readonly client: () => RDSClient) {}

  /** The endpoint of the database the tags name, or `undefined` when they name none (not an RDS-managed secret). */
  public async endpointOf(tags: Readonly<Record<string, string>>): Promise<DatabaseEndpoint | undefined> {
    const instanceArn = tags[RDS_INSTANCE_TAG];
    if (instanceArn) {
      // see: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html (an ARN is accepted as identifier)
      const out = await this.client().send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceArn }));
      const endpoint = out.DBInstances?.[0]?.Endpoint;
      if (!endpoint?.Address || !endpoint.Port) throw new Error(`RDS describes no endpoint for ${instanceArn}`);
      return { arn: instanceArn, host: endpoint.Address, port: endpoint.Port };
    }
    const clusterArn = tags[RDS_CLUSTER_TAG];
    if (clusterArn) {
      // see: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html (the writer endpoint)
      const out = await this.client().send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterArn }));
      const cluster = out.DBClusters?.[0];
      if (!cluster?.Endpoint || !cluster.Port) throw new Error(`RDS describes no endpoint for ${clusterArn}`);
      return { arn: clusterArn, host: cluster.Endpoint, port: cluster.Port };
    }
    return undefined;
  }
}
