import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";

const root = path.resolve(__dirname, "..");

describe("npm run lint fails on an unformatted file", () => {
  it("runs Prettier's check over the project after ESLint", () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.lint).toBe("eslint . && prettier --check .");
  });

  it("Prettier, with the project's configuration, refuses a line too long and accepts it formatted", async () => {
    const file = path.join(root, "tooling", "throwaway.ts");
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    const unformatted = `export const x = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, n: 14, o: 15, p: 16, q: 17, r: 18, s: 19, t: 20, u: 21 };\n`;
    expect(await prettier.check(unformatted, options)).toBe(false);
    expect(await prettier.check(await prettier.format(unformatted, options), options)).toBe(true);
    expect(options).toMatchObject({ printWidth: 120 });
  });
});
