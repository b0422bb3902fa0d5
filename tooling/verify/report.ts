/**
 * The rows `npm run verify` prints: one per acceptance criterion of the story, each PASS, FAIL or NOT
 * CHECKED with the evidence that decided it. Evidence holds names, ARNs, dates, field names and lengths:
 * never a secret's value.
 */

/** What a check found. */
export type Outcome = "PASS" | "FAIL" | "NOT CHECKED";

/** One criterion's result. */
export interface CheckRow {
  /** The criterion, `AC1` to `AC12`, or the task an opt-in action performs (`T7.3`, `T7.4`). */
  readonly id: string;
  /** What the criterion asks, in a few words. */
  readonly title: string;
  readonly outcome: Outcome;
  /** What the check saw, one fact per line. */
  readonly evidence: readonly string[];
}

/** Everything one run of verify found. */
export interface VerifyReport {
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  /** Who ran it (STS GetCallerIdentity). */
  readonly caller: string;
  /** When it ran (ISO 8601). */
  readonly checkedAt: string;
  readonly rows: readonly CheckRow[];
}

const SEVERITY: Record<Outcome, number> = { PASS: 0, "NOT CHECKED": 1, FAIL: 2 };

/** The outcome of several findings taken together: any FAIL fails, then any NOT CHECKED, else PASS. */
export function combined(outcomes: readonly Outcome[]): Outcome {
  return outcomes.reduce<Outcome>((worst, o) => (SEVERITY[o] > SEVERITY[worst] ? o : worst), "PASS");
}

/** A finding of a check: an outcome and the line of evidence that says why. */
export interface Finding {
  readonly outcome: Outcome;
  readonly evidence: string;
}

/** A row from its findings (no finding at all is NOT CHECKED: nothing was looked at). */
export function rowOf(id: string, title: string, findings: readonly Finding[]): CheckRow {
  if (findings.length === 0) return { id, title, outcome: "NOT CHECKED", evidence: ["nothing to check"] };
  return {
    id,
    title,
    outcome: combined(findings.map((f) => f.outcome)),
    evidence: findings.map((f) => (f.outcome === "PASS" ? f.evidence : `${f.outcome}: ${f.evidence}`)),
  };
}

/** Counts of each outcome. */
export function summaryOf(report: VerifyReport): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { PASS: 0, FAIL: 0, "NOT CHECKED": 0 };
  for (const row of report.rows) counts[row.outcome] += 1;
  return counts;
}

/** The report as the terminal shows it: a line per criterion, its evidence indented below. */
export function renderText(report: VerifyReport): string {
  const width = Math.max(...report.rows.map((r) => r.id.length));
  const lines = [
    `verify ${report.environment}: account ${report.accountId}, ${report.region}, as ${report.caller}, at ${report.checkedAt}`,
    "",
  ];
  for (const row of report.rows) {
    lines.push(`${row.id.padEnd(width)}  ${row.outcome.padEnd(11)}  ${row.title}`);
    // An error message may span lines: each evidence line stays one line, or the layout breaks.
    for (const line of row.evidence) lines.push(`${" ".repeat(width + 2)}- ${line.replace(/\s*\n\s*/g, " ")}`);
  }
  const s = summaryOf(report);
  lines.push("", `${s.PASS} passed, ${s.FAIL} failed, ${s["NOT CHECKED"]} not checked`);
  return lines.join("\n");
}

/** The report as `--json` prints it. */
export function renderJson(report: VerifyReport): string {
  return JSON.stringify({ ...report, summary: summaryOf(report) }, null, 2);
}

/** The exit code: 1 when any criterion failed. */
export function exitCodeOf(report: VerifyReport): number {
  return report.rows.some((r) => r.outcome === "FAIL") ? 1 : 0;
}
