/**
 * The keys each part of the configuration may have, so that a misspelt or stale key fails synthesis
 * instead of being ignored (`tsx` runs the configuration without type-checking it, so TypeScript's
 * own excess-property check never runs on `npm run synth`). Each object shape is written against its
 * interface with {@link keysOf}: TypeScript rejects a shape that misses a key of the interface or
 * names one it does not have, so the shapes cannot drift from the types.
 */
import type { ConfigProblem } from "./config-error";

/** What is allowed at one place of the configuration. */
export type KeyShape =
  /** A value whose keys are not checked here (a scalar, a list of scalars, or a map with free keys). */
  | { readonly kind: "value" }
  /** An object with exactly these keys (each optional or required, as its interface says). */
  | { readonly kind: "object"; readonly keys: { readonly [key: string]: KeyShape } }
  /** A list of items of one shape. */
  | { readonly kind: "list"; readonly item: KeyShape }
  /** A map from free keys to values of one shape. */
  | { readonly kind: "map"; readonly value: KeyShape }
  /** One of several object shapes, chosen by the value of the tag key. */
  | { readonly kind: "union"; readonly tag: string; readonly variants: { readonly [tag: string]: KeyShape } };

/** A value whose keys are not checked. */
export const VALUE: KeyShape = { kind: "value" };

/** A list of items of one shape. */
export const listOf = (item: KeyShape): KeyShape => ({ kind: "list", item });

/** A map with free keys, each value of one shape. */
export const mapOf = (value: KeyShape): KeyShape => ({ kind: "map", value });

/** The object shape of `T`: one entry per key of `T`, no more, no fewer (checked by the compiler). */
export function keysOf<T>(keys: { readonly [K in keyof Required<T>]: KeyShape }): KeyShape {
  return { kind: "object", keys: keys };
}

/** One of the object shapes, chosen by `tag` (for discriminated unions such as the backends). */
export function unionOf(tag: string, variants: { readonly [tag: string]: KeyShape }): KeyShape {
  return { kind: "union", tag, variants };
}

/** Levenshtein distance: how many one-character edits turn `a` into `b`. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(
        above + 1,
        row[j - 1]! + 1,
        diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key nearest to `key`. */
export function nearestKey(key: string, known: readonly string[]): string {
  return [...known].sort((x, y) => distance(key, x) - distance(key, y) || x.localeCompare(y))[0]!;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Every key of `value` that its shape does not know, as a problem naming the key's path and the
 * nearest known key. Values of the wrong type are left to the field checks, which name what is allowed.
 */
export function unknownKeys(value: unknown, shape: KeyShape, at: string): Omit<ConfigProblem, "environment">[] {
  const join = (key: string) => (at === "" ? key : `${at}.${key}`);
  switch (shape.kind) {
    case "value":
      return [];
    case "list":
      return Array.isArray(value) ? value.flatMap((item, i) => unknownKeys(item, shape.item, `${at}[${i}]`)) : [];
    case "map":
      return isObject(value)
        ? Object.entries(value).flatMap(([key, item]) => unknownKeys(item, shape.value, join(key)))
        : [];
    case "union": {
      const variant = isObject(value) ? shape.variants[String(value[shape.tag])] : undefined;
      return variant ? unknownKeys(value, variant, at) : [];
    }
    case "object": {
      if (!isObject(value)) return [];
      const known = Object.keys(shape.keys);
      return Object.entries(value).flatMap(([key, item]) => {
        const inner = shape.keys[key];
        if (inner) return unknownKeys(item, inner, join(key));
        return [{ field: join(key), value: item, expected: "", unknownKey: { nearest: join(nearestKey(key, known)) } }];
      });
    }
  }
}
