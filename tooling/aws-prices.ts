/**
 * Published AWS prices the cost estimate uses, in USD, for us-east-1, as read on the date below. Prices
 * differ by region and change: update this one file (and its date) rather than the estimate.
 */
export const AWS_PRICES = {
  readOn: "2026-11-30",
  region: "us-east-1",
  /** https://aws.amazon.com/secrets-manager/pricing/ */
  secretsManager: { perSecretMonth: 0.4, per10kApiCalls: 0.05 },
  /** https://aws.amazon.com/kms/pricing/ (a customer managed key; symmetric requests) */
  kms: { perKeyMonth: 1.0, per10kRequests: 0.03 },
  /** https://aws.amazon.com/lambda/pricing/ (x86; arm64 is 20% less per GB-second) */
  lambda: { perMillionRequests: 0.2, perGbSecond: 0.0000166667 },
  /** https://aws.amazon.com/cloudtrail/pricing/ (the first copy of management events is free) */
  cloudTrail: { per100kAdditionalManagementEvents: 2.0 },
  /** https://aws.amazon.com/cloudwatch/pricing/ (standard logs; a standard-resolution alarm on one metric) */
  cloudWatch: { perGbIngested: 0.5, perGbMonthStored: 0.03, perAlarmMonth: 0.1 },
  /** https://aws.amazon.com/sns/pricing/ (e-mail: the first 1,000 a month are free) */
  sns: { per100kEmails: 2.0, freeEmailsPerMonth: 1000 },
  /** https://aws.amazon.com/s3/pricing/ (S3 Standard, first 50 TB; Glacier Flexible Retrieval) */
  s3: { perGbMonthStandard: 0.023, perGbMonthGlacier: 0.0036 },
  /** https://aws.amazon.com/privatelink/pricing/ (an interface endpoint, per availability zone) */
  vpcEndpoint: { perAzHour: 0.01 },
} as const;
