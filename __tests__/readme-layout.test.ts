import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");

/** The entries of the README's layout block: `name/` or a file name, each with one line saying what it is. */
function layoutEntries(): { name: string; role: string }[] {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Layout"), readme.indexOf("\n## ", readme.indexOf("## Layout") + 1));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [, name, role] = /^(\S+)\s+(.+)$/.exec(line) ?? [];
      return { name: name ?? line, role: role ?? "" };
    });
}

describe("the README's layout", () => {
  it("names every folder of the repository, and only those, each with its role", () => {
    const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
    const folders = [
      ...new Set(tracked.filter((file) => file.includes("/")).map((file) => `${file.split("/")[0]!}/`)),
    ].sort();
    const entries = layoutEntries();
    expect(
      entries
        .filter((e) => e.name.endsWith("/"))
        .map((e) => e.name)
        .sort(),
    ).toEqual(folders);
    for (const entry of entries) expect(entry.role.length, entry.name).toBeGreaterThan(10);
  });

  it("lists the code layers in the order the linter enforces", async () => {
    const { LAYERS } = (await import(path.join(root, "eslint.config.mjs"))) as { LAYERS: string[] };
    const order = layoutEntries()
      .map((e) => e.name.replace(/\/$/, ""))
      .filter((name) => LAYERS.includes(name));
    expect(order).toEqual(LAYERS);
  });
});
