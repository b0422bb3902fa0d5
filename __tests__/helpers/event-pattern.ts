/**
 * A minimal EventBridge event-pattern matcher, for tests that check which CloudTrail events reach a
 * rule. No maintained JavaScript implementation is published on npm (AWS's own is the Java library
 * event-ruler, and the `TestEventPattern` API needs an account), so this models the documented rules
 * it needs and refuses every other operator rather than guess:
 * - a pattern object's fields must all match; a field missing from the event does not match;
 * - a pattern array matches when the event value (or, if the event value is an array, any of its
 *   elements) equals one of the listed values or satisfies one of the listed `prefix`/`suffix` filters;
 * - a nested pattern object under a field whose event value is an array of objects matches when any
 *   element matches (how `detail.resources[].ARN` is matched).
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern)) {
    throw new Error(`an event pattern is an object of fields, not ${JSON.stringify(pattern)}`);
  }
  return Object.entries(pattern).every(([field, expected]) =>
    matchField(expected, (event as Record<string, unknown> | undefined)?.[field], field),
  );
}

function matchField(expected: unknown, actual: unknown, field: string): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(expected)) {
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((value) => expected.some((filter) => matchValue(filter, value, field)));
  }
  if (expected !== null && typeof expected === "object") {
    return Array.isArray(actual)
      ? actual.some((element) => matchesEventPattern(expected, element))
      : matchesEventPattern(expected, actual);
  }
  throw new Error(
    `${field}: a pattern field holds an array of values or a nested pattern, not ${JSON.stringify(expected)}`,
  );
}

function matchValue(filter: unknown, value: unknown, field: string): boolean {
  if (filter === null || typeof filter !== "object") return filter === value;
  const entries = Object.entries(filter);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1 || typeof operand !== "string" || (operator !== "prefix" && operator !== "suffix")) {
    throw new Error(
      `${field}: this test matcher supports exact values, prefix and suffix only, not ${JSON.stringify(filter)}`,
    );
  }
  if (typeof value !== "string") return false;
  return operator === "prefix" ? value.startsWith(operand) : value.endsWith(operand);
}
