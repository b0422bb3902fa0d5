/**
 * A minimal EventBridge event-pattern matcher, for tests that check which CloudTrail events reach a
 * rule. No maintained JavaScript implementation is published on npm (AWS's own is the Java library
 * event-ruler, and the `TestEventPattern` API needs an account), so this models the documented rules
 * it needs and refuses every other operator rather than guess:
 * - a pattern object's fields must all match; a field missing from the event does not match;
 * - a pattern array matches when the event value (or, if the event value is an array, any of its
 *   elements) equals one of the listed values or satisfies one of the listed filters: `prefix`,
 *   `suffix`, or `anything-but` (a value, a list of values, or `{ prefix }`), which like every filter
 *   but `exists` needs the field to be present;
 * - `$or` holds a list of patterns, one of which must match (besides the other fields of its object);
 * - a nested pattern object under a field whose event value is an array of objects matches when any
 *   element matches (how `detail.resources[].ARN` is matched).
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern)) {
    throw new Error(`an event pattern is an object of fields, not ${JSON.stringify(pattern)}`);
  }
  return Object.entries(pattern).every(([field, expected]) => {
    if (field === "$or") {
      if (!Array.isArray(expected) || expected.length < 2)
        throw new Error(`$or holds a list of two or more patterns, not ${JSON.stringify(expected)}`);
      return expected.some((alternative) => matchesEventPattern(alternative, event));
    }
    return matchField(expected, (event as Record<string, unknown> | undefined)?.[field], field);
  });
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
  if (entries.length === 1 && operator === "anything-but") return !matchesAnythingBut(operand, value, field);
  if (entries.length !== 1 || typeof operand !== "string" || (operator !== "prefix" && operator !== "suffix")) {
    throw new Error(
      `${field}: this test matcher supports exact values, prefix, suffix and anything-but only, not ${JSON.stringify(filter)}`,
    );
  }
  if (typeof value !== "string") return false;
  return operator === "prefix" ? value.startsWith(operand) : value.endsWith(operand);
}

/** Whether the value is one of what `anything-but` excludes: a value, a list of values, or `{ prefix }`. */
function matchesAnythingBut(operand: unknown, value: unknown, field: string): boolean {
  if (Array.isArray(operand)) return operand.includes(value);
  if (operand !== null && typeof operand === "object") {
    const { prefix, ...rest } = operand as { prefix?: unknown };
    if (typeof prefix !== "string" || Object.keys(rest).length > 0)
      throw new Error(`${field}: anything-but supports values and { prefix } only, not ${JSON.stringify(operand)}`);
    return typeof value === "string" && value.startsWith(prefix);
  }
  return operand === value;
}
