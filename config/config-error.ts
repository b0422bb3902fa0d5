/** One bad configuration value: where it is, what it was and what is allowed. */
export interface ConfigProblem {
  /** The environment whose configuration holds the value. */
  readonly environment: string;
  /** Path of the field in that environment's configuration, e.g. `backend.bucket`. */
  readonly field: string;
  /** The value found (`undefined` when the setting is missing). */
  readonly value: unknown;
  /** What is allowed instead. */
  readonly expected: string;
  /**
   * Set when the field itself is not a setting: the known key nearest to it.
   * @default - the field is a setting
   */
  readonly unknownKey?: { readonly nearest: string };
}

/** Formats one problem as a single line: environment, field, value and what is allowed. */
export function describeProblem(problem: ConfigProblem): string {
  if (problem.unknownKey) {
    return `environment "${problem.environment}": ${problem.field} is not a setting; did you mean ${problem.unknownKey.nearest}?`;
  }
  const found = problem.value === undefined ? "is missing" : `is ${JSON.stringify(problem.value)}`;
  return `environment "${problem.environment}": ${problem.field} ${found}; expected ${problem.expected}`;
}

/**
 * Thrown before any stack is built when a configuration value is bad, so that
 * synthesis fails without writing anything. Lists every problem found, one a line.
 */
export class ConfigError extends Error {
  /** Every problem found. */
  public readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${describeProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}
