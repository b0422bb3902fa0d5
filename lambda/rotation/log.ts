/**
 * Structured logging: one JSON object a line on stdout, which CloudWatch Logs stores as is.
 * Only the fields below are ever logged; a redactor also replaces any secret value the function
 * has read during the invocation, as a second line of defence.
 */

/** What a log line may hold. */
export interface LogEntry {
  readonly level: "info" | "error";
  readonly message: string;
  readonly secretArn?: string;
  readonly token?: string;
  readonly step?: string;
  readonly strategy?: string;
  readonly outcome?: "succeeded" | "skipped" | "failed";
  readonly durationMs?: number;
  readonly errorName?: string;
  readonly errorMessage?: string;
}

/** Values never to be written out, collected while the invocation reads them. */
export class Redactor {
  private readonly values = new Set<string>();

  /** Registers a secret value (and its URL-encoded form, as it appears in connection strings). */
  public add(value: string | undefined): void {
    if (!value || value.length < 4) return; // shorter strings would redact ordinary words
    this.values.add(value);
    this.values.add(encodeURIComponent(value));
    this.values.add(JSON.stringify(value).slice(1, -1));
  }

  /** The text with every registered value replaced by `[REDACTED]`. */
  public apply(text: string): string {
    let result = text;
    for (const value of this.values) result = result.split(value).join("[REDACTED]");
    return result;
  }
}

/** Writes log lines through a redactor. */
export class Logger {
  constructor(
    private readonly redactor: Redactor,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  /** Writes one entry as one JSON line. */
  public log(entry: LogEntry): void {
    this.write(`${this.redactor.apply(JSON.stringify({ time: new Date().toISOString(), ...entry }))}\n`);
  }
}
