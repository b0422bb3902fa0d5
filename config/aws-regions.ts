/**
 * AWS partitions and regions the project deploys to, from the partition metadata of the AWS SDK
 * for JavaScript v3 (`@aws-sdk/core` 3.996, November 2026). Air-gapped partitions are left out.
 * Add a region here when AWS opens one; the AWS provider must know it too (hashicorp/aws 5.100.0).
 */
export const AWS_PARTITIONS = {
  aws: {
    dnsSuffix: "amazonaws.com",
    regions: [
      "af-south-1",
      "ap-east-1",
      "ap-east-2",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-3",
      "ap-southeast-4",
      "ap-southeast-5",
      "ap-southeast-6",
      "ap-southeast-7",
      "ca-central-1",
      "ca-west-1",
      "eu-central-1",
      "eu-central-2",
      "eu-north-1",
      "eu-south-1",
      "eu-south-2",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "il-central-1",
      "me-central-1",
      "me-south-1",
      "me-west-1",
      "mx-central-1",
      "sa-east-1",
      "sa-west-1",
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
    ],
  },
  "aws-cn": { dnsSuffix: "amazonaws.com.cn", regions: ["cn-north-1", "cn-northwest-1"] },
  "aws-us-gov": { dnsSuffix: "amazonaws.com", regions: ["us-gov-east-1", "us-gov-west-1"] },
} as const;

/** A partition of {@link AWS_PARTITIONS}. */
export type AwsPartition = keyof typeof AWS_PARTITIONS;

/** Every known region code, in the order above. */
export const AWS_REGIONS: readonly string[] = Object.values(AWS_PARTITIONS).flatMap((p) => p.regions);

/** The partition and endpoint DNS suffix of a region, or `undefined` for an unknown region. */
export function regionInfo(region: unknown): { partition: AwsPartition; dnsSuffix: string } | undefined {
  for (const [partition, info] of Object.entries(AWS_PARTITIONS) as [
    AwsPartition,
    (typeof AWS_PARTITIONS)[AwsPartition],
  ][]) {
    if ((info.regions as readonly unknown[]).includes(region)) return { partition, dnsSuffix: info.dnsSuffix };
  }
  return undefined;
}
