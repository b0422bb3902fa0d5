import type { GetEventSelectorsCommandOutput } from "@aws-sdk/client-cloudtrail";

/** Whether the selectors record Secrets Manager's read management events (GetSecretValue is one). */
export function recordsSecretReads(selectors: GetEventSelectorsCommandOutput): string | undefined {
  for (const selector of selectors.EventSelectors ?? []) {
    const excluded = selector.ExcludeManagementEventSources ?? [];
    if (
      selector.IncludeManagementEvents !== false &&
      ["All", "ReadOnly"].includes(selector.ReadWriteType ?? "All") &&
      !excluded.includes("secretsmanager.amazonaws.com")
    ) {
      return `event selector: management events, ${selector.ReadWriteType ?? "All"}`;
    }
  }
  for (const selector of selectors.AdvancedEventSelectors ?? []) {
    const fields = selector.FieldSelectors ?? [];
    const category = fields.find((f) => f.Field === "eventCategory");
    const readOnly = fields.find((f) => f.Field === "readOnly");
    const source = fields.find((f) => f.Field === "eventSource");
    if (!category?.Equals?.includes("Management")) continue;
    if (readOnly?.Equals?.includes("false")) continue;
    if (source?.NotEquals?.includes("secretsmanager.amazonaws.com")) continue;
    if (source?.Equals && !source.Equals.includes("secretsmanager.amazonaws.com")) continue;
    return `advanced event selector ${selector.Name ?? "(unnamed)"}: management events${readOnly ? ` readOnly=${readOnly.Equals?.join("|")}` : ", read and write"}`;
  }
  return undefined;
}
