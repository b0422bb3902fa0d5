/** Where an environment's resources live: account, region, and the region's partition and DNS suffix. */
export interface Placement {
  readonly accountId: string;
  readonly region: string;
  /** ARN partition (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** DNS suffix of the region's endpoints (`amazonaws.com`, `amazonaws.com.cn`). */
  readonly dnsSuffix: string;
}
