/**
 * What verify keeps of a secret's value: the names of its JSON fields, each value's length in bytes and
 * whether it is still the operator placeholder. The value itself goes out of scope inside
 * {@link summarizeSecretString}; nothing that holds it is returned, printed or logged.
 */
import { OPERATOR_PLACEHOLDER, type SecretDefinition } from "../../catalog/secret-catalog";
import type { Finding } from "./report";

/** One field of a secret value, without the value. */
export interface FieldSummary {
  readonly name: string;
  /** Bytes of the value as UTF-8 (a number counts its decimal digits). */
  readonly bytes: number;
  /** Whether the value is still {@link OPERATOR_PLACEHOLDER}. */
  readonly placeholder: boolean;
  /** The value's bits as a key, and how they were counted (see {@link keyStrength}). */
  readonly key: { readonly bits: number; readonly counted: string };
}

/**
 * The bits a string gives as a key: a hex string 4 per character, a padded base64 string the bytes it
 * decodes to, anything else its UTF-8 bytes (an HMAC library uses the string's bytes as the key; RFC 7518
 * §3.2 asks an HS256 key of at least 256 bits). Counting hex as 4 bits keeps 32 random bytes written as
 * 64 hex characters (what `random_bytes.hex` gives) at 256, and a 32-character hex string at 128.
 * see: https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 */
export function keyStrength(value: string): FieldSummary["key"] {
  if (/^(?:[0-9a-f]{2})+$/.test(value) || /^(?:[0-9A-F]{2})+$/.test(value))
    return { bits: value.length * 4, counted: `${value.length} hex characters` };
  if (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value) && value.length >= 4) {
    const bytes = (value.length / 4) * 3 - (value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0);
    return { bits: bytes * 8, counted: `${value.length} base64 characters` };
  }
  const bytes = Buffer.byteLength(value, "utf8");
  return { bits: bytes * 8, counted: `${bytes} bytes` };
}

/** A secret value, summarized. */
export type ValueSummary =
  | { readonly kind: "fields"; readonly fields: readonly FieldSummary[] }
  /** The value is not a JSON object (JSON.parse's message is dropped: Node's quotes the input). */
  | { readonly kind: "not-a-json-object" }
  /** The version holds `SecretBinary` instead of `SecretString`. */
  | { readonly kind: "binary" };

/** Field names, byte lengths and placeholders of a `SecretString`; never the values. */
export function summarizeSecretString(secretString: string | undefined, binary: boolean): ValueSummary {
  if (secretString === undefined) return binary ? { kind: "binary" } : { kind: "not-a-json-object" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    return { kind: "not-a-json-object" };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { kind: "not-a-json-object" };
  return {
    kind: "fields",
    fields: Object.entries(parsed as Record<string, unknown>).map(([name, value]) => {
      const text =
        typeof value === "string" || typeof value === "number" || typeof value === "boolean"
          ? String(value)
          : JSON.stringify(value);
      return {
        name,
        bytes: Buffer.byteLength(text, "utf8"),
        placeholder: value === OPERATOR_PLACEHOLDER,
        key: keyStrength(text),
      };
    }),
  };
}

/**
 * The findings of one secret's value against its catalog entry: exactly the catalog's fields, none
 * empty, none still the placeholder ("not set yet"), and a generated field at least as long as the
 * catalog's bits. A string key is used by HMAC as its UTF-8 bytes, and RFC 7518 §3.2 asks an HS256 key
 * of at least 256 bits, so bytes × 8 is the measure. see: https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 */
export function valueFindings(definition: SecretDefinition, summary: ValueSummary): Finding[] {
  const name = definition.name;
  if (summary.kind === "binary")
    return [
      {
        outcome: "FAIL",
        evidence: `${name}: the current version is binary; the catalog expects a JSON object with ${Object.keys(definition.fields).join(", ")}`,
      },
    ];
  if (summary.kind === "not-a-json-object")
    return [
      {
        outcome: "FAIL",
        evidence: `${name}: the current value is not a JSON object; the catalog expects one with ${Object.keys(definition.fields).join(", ")}`,
      },
    ];
  const findings = [...shapeFindings(definition, summary), ...contentFindings(definition, summary)];
  if (findings.length === 0) {
    const described = summary.fields.map((f) => {
      const source = definition.fields[f.name];
      return source?.kind === "generated"
        ? `${f.name} (${f.key.counted} = ${f.key.bits} bits, at least ${source.bits})`
        : f.name;
    });
    findings.push({ outcome: "PASS", evidence: `${name}: fields ${described.join(", ")}, all set` });
  }
  return findings;
}

type FieldsSummary = Extract<ValueSummary, { kind: "fields" }>;

/** Exactly the catalog's fields: none missing, none the catalog does not have. */
function shapeFindings(definition: SecretDefinition, summary: FieldsSummary): Finding[] {
  const name = definition.name;
  const findings: Finding[] = [];
  const expected = Object.keys(definition.fields);
  const present = summary.fields.map((f) => f.name);
  const missing = expected.filter((f) => !present.includes(f));
  const extra = present.filter((f) => !expected.includes(f));
  if (missing.length > 0)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: missing field${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (the catalog's fields: ${expected.join(", ")})`,
    });
  if (extra.length > 0)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: field${extra.length > 1 ? "s" : ""} the catalog does not have: ${extra.join(", ")}`,
    });
  return findings;
}

/** Each field set: not the placeholder, not empty (a constant may be), a generated field long enough. */
function contentFindings(definition: SecretDefinition, summary: FieldsSummary): Finding[] {
  const name = definition.name;
  const findings: Finding[] = [];
  const placeholders = summary.fields.filter((f) => f.placeholder).map((f) => f.name);
  if (placeholders.length > 0)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: not set yet (${placeholders.join(", ")} still ${OPERATOR_PLACEHOLDER}; see the deploy guide's put-secret-value step)`,
    });
  // A constant field may be empty on purpose (masterarn without a superuser secret is refused at synth).
  const empty = summary.fields
    .filter((f) => f.bytes === 0 && definition.fields[f.name]?.kind !== "constant")
    .map((f) => f.name);
  if (empty.length > 0)
    findings.push({
      outcome: "FAIL",
      evidence: `${name}: empty field${empty.length > 1 ? "s" : ""} ${empty.join(", ")}`,
    });
  for (const f of summary.fields) {
    const source = definition.fields[f.name];
    if (source?.kind !== "generated" || f.placeholder) continue;
    if (f.key.bits < source.bits)
      findings.push({
        outcome: "FAIL",
        evidence: `${name}: ${f.name} is ${f.key.counted} (${f.key.bits} bits); at least ${source.bits} bits required`,
      });
  }
  return findings;
}
