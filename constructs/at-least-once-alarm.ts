import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";

/** What differs between the project's alarms. */
export type AtLeastOnceAlarmProps = Pick<
  CloudwatchMetricAlarmConfig,
  "provider" | "alarmName" | "alarmDescription" | "namespace" | "metricName" | "dimensions" | "dependsOn"
> & {
  /** How the metric is aggregated over five minutes: `Sum` for counts, `Maximum` for queue depths. */
  readonly statistic: "Sum" | "Maximum";
  /** Topic told when the alarm fires (and, with `notifyOk`, when it clears). */
  readonly topicArn: string;
  /**
   * Also tell the topic when the alarm returns to OK.
   * @default false
   */
  readonly notifyOk?: boolean;
};

/**
 * An alarm that fires when a metric reaches one in a five-minute period, the shape of every alarm of
 * the project: a failure, a dead letter or a denied call is worth a look each time. No data is not a
 * breach (a quiet function or a clean log is the normal state).
 */
export function atLeastOnceAlarm(scope: Construct, id: string, props: AtLeastOnceAlarmProps): CloudwatchMetricAlarm {
  const { topicArn, notifyOk, ...config } = props;
  return new CloudwatchMetricAlarm(scope, id, {
    ...config,
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [topicArn],
    ...(notifyOk ? { okActions: [topicArn] } : {}),
  });
}
