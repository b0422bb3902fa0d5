import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "@cdktf/hcl2json";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exampleEnvironments } from "../config/example-environments";
import { synthesizeToDirectory } from "../tooling/synthesize";
import { EXPORTED_ARCHIVE, fileOfConstruct, renderTerraformExport, TERRAFORM_DIR } from "../tooling/terraform-export";
import {
  escapeLoneBackslashes,
  restoreRequiredVersion,
  splitTopLevelBlocks,
  unquoteReferences,
} from "../tooling/hcl-text";
import { filesUnder } from "../tooling/gitops-export";
import { terraformValidate } from "./helpers/terraform";

const root = path.resolve(__dirname, "..");
let exported: Map<string, Buffer>;
let synthesized: string;
const stacks = () =>
  Object.keys((JSON.parse(readFileSync(path.join(synthesized, "manifest.json"), "utf8")) as { stacks: object }).stacks);
type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const jsonOf = (stack: string) =>
  JSON.parse(readFileSync(path.join(synthesized, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;

beforeAll(async () => {
  exported = await renderTerraformExport(exampleEnvironments);
  synthesized = path.join(mkdtempSync(path.join(os.tmpdir(), "export-json-")), "out");
  await synthesizeToDirectory(exampleEnvironments, synthesized);
});

/** The exported .tf files of a stack, parsed back with cdktf's own HCL parser, by file name. */
async function parsedFiles(
  stack: string,
): Promise<Map<string, Record<string, Record<string, Record<string, unknown[]>>>>> {
  const result = new Map<string, Record<string, Record<string, Record<string, unknown[]>>>>();
  for (const [file, content] of exported) {
    if (path.dirname(file) !== path.join(TERRAFORM_DIR, stack)) continue;
    // Terraform's two syntaxes: HCL through hcl2json, JSON as it is.
    if (file.endsWith(".tf"))
      result.set(
        path.basename(file),
        (await parse(file, content.toString("utf8"))) as Record<string, Record<string, Record<string, unknown[]>>>,
      );
    else if (file.endsWith(".tf.json") && !/(ephemeral|removed)\.tf\.json$/.test(file))
      result.set(
        path.basename(file),
        JSON.parse(content.toString("utf8")) as Record<string, Record<string, Record<string, unknown[]>>>,
      );
  }
  return result;
}

/**
 * Whether a value parsed from HCL means the JSON synthesis's value: hcl2json gives a nested block as a
 * list of one object and writes references in depends_on and ignore_changes as `${...}`.
 */
function differences(hcl: unknown, json: unknown, at: string): string[] {
  if (Array.isArray(hcl) && hcl.length === 1 && json !== null && typeof json === "object" && !Array.isArray(json))
    return differences(hcl[0], json, at);
  // A list stays a list: an object with keys "0", "1", ... is not the list the JSON has (the kubernetes
  // provider converts a manifest to the CRD's types and cannot make a list of an object).
  if (Array.isArray(json) && !Array.isArray(hcl))
    return [`${at}: HCL ${hcl === null ? "null" : typeof hcl} ${JSON.stringify(hcl)?.slice(0, 60)}, JSON a list`];
  if (Array.isArray(hcl) && Array.isArray(json)) {
    if (hcl.length !== json.length) return [`${at}: ${hcl.length} items, JSON has ${json.length}`];
    return hcl.flatMap((item, i) => differences(item, json[i], `${at}[${i}]`));
  }
  if (hcl !== null && typeof hcl === "object" && json !== null && typeof json === "object") {
    const keys = new Set([...Object.keys(hcl), ...Object.keys(json)].filter((k) => k !== "//"));
    return [...keys].flatMap((k) =>
      differences((hcl as Record<string, unknown>)[k], (json as Record<string, unknown>)[k], `${at}.${k}`),
    );
  }
  if (typeof hcl === "string" && typeof json === "string" && hcl === `\${${json}}`) return [];
  // terraform fmt spaces the inside of expressions (`jsonencode({ "a" = ... })`): compare expressions without blanks.
  if (
    typeof hcl === "string" &&
    typeof json === "string" &&
    hcl.startsWith("${") &&
    hcl.replace(/\s+/g, "") === json.replace(/\s+/g, "")
  )
    return [];
  if (at.endsWith(".filename") && hcl === "${path.module}/../assets/rotation-function.zip") return [];
  return hcl === json ? [] : [`${at}: HCL ${JSON.stringify(hcl)}, JSON ${JSON.stringify(json)}`];
}

describe("the exported Terraform layout", () => {
  it("is committed as the code produces it (run `npm run export` when this fails)", () => {
    const committed = [...filesUnder(root, TERRAFORM_DIR).keys()].filter((f) => !f.includes(".terraform")).sort();
    expect(committed).toEqual([...exported.keys()].sort());
    for (const [file, content] of exported)
      expect(readFileSync(path.join(root, file)).equals(content), file).toBe(true);
  });

  it("holds every stack with the story's files", () => {
    for (const stack of stacks()) {
      const files = [...exported.keys()]
        .filter((f) => path.dirname(f) === path.join(TERRAFORM_DIR, stack))
        .map((f) => path.basename(f));
      expect(files, stack).toEqual(expect.arrayContaining(["versions.tf", "providers.tf"]));
      expect(
        files.some((f) => f === "main.tf" || f === "main.tf.json"),
        stack,
      ).toBe(true);
    }
    const production = [...exported.keys()]
      .filter((f) => path.dirname(f) === path.join(TERRAFORM_DIR, "secrets-production"))
      .map((f) => path.basename(f))
      .sort();
    expect(production).toEqual([
      "audit.tf",
      "ephemeral.tf.json",
      "iam.tf",
      "main.tf",
      "moved.tf",
      "outputs.tf",
      "providers.tf",
      "removed.tf.json",
      "rotation.tf",
      "variables.tf",
      "versions.tf",
    ]);
  });

  it("puts every resource and data source in exactly one file, the file of its construct, with the synthesized attributes", async () => {
    let compared = 0;
    for (const stack of stacks()) {
      const json = jsonOf(stack);
      const files = await parsedFiles(stack);
      for (const section of ["resource", "data"] as const) {
        for (const [type, blocks] of Object.entries(json[section] ?? {})) {
          for (const [name, block] of Object.entries(blocks)) {
            const holders = [...files].filter(([, parsed]) => parsed[section]?.[type]?.[name]).map(([file]) => file);
            expect(holders, `${stack} ${section}.${type}.${name}`).toHaveLength(1);
            const construct = (block["//"] as { metadata: { path: string } }).metadata.path.split("/")[1]!;
            // main.tf or, in Terraform's JSON syntax, main.tf.json
            expect(holders[0]!.replace(/\.json$/, ""), `${stack} ${type}.${name} of ${construct}`).toBe(
              fileOfConstruct(construct),
            );
            expect(
              differences(files.get(holders[0]!)![section]![type]![name], block, `${stack} ${type}.${name}`),
            ).toEqual([]);
            compared++;
          }
        }
        // and nothing the synthesis does not have
        for (const parsed of files.values()) {
          for (const [type, blocks] of Object.entries(parsed[section] ?? {})) {
            for (const name of Object.keys(blocks))
              expect(json[section]?.[type]?.[name], `${stack} extra ${type}.${name}`).toBeDefined();
          }
        }
      }
      for (const section of ["variable", "output"] as const) {
        const names = [...files.values()].flatMap((p) => Object.keys(p[section] ?? {})).sort();
        expect(names, `${stack} ${section}s`).toEqual(Object.keys(json[section] ?? {}).sort());
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it("writes the rotation function's package once, as the stacks deploy it", async () => {
    const zip = exported.get(EXPORTED_ARCHIVE)!;
    const files = await parsedFiles("secrets-dev");
    const fn = Object.values(files.get("rotation.tf")!.resource!.aws_lambda_function!)[0]![0] as {
      filename: string;
      source_code_hash: string;
    };
    expect(fn.filename).toBe("${path.module}/../assets/rotation-function.zip");
    expect(fn.source_code_hash).toBe(createHash("sha256").update(zip).digest("base64"));
    expect([...exported.keys()].filter((f) => f.endsWith(".zip"))).toEqual([EXPORTED_ARCHIVE]);
  });

  it("keeps the ephemeral blocks that cdktf's HCL drops, in ephemeral.tf.json", () => {
    const ephemeral = JSON.parse(
      exported.get(path.join(TERRAFORM_DIR, "secrets-production", "ephemeral.tf.json"))!.toString("utf8"),
    ) as { ephemeral: unknown };
    expect(ephemeral.ephemeral).toEqual(jsonOf("secrets-production").ephemeral);
  });

  it("passes terraform validate, without warnings, where every provider is mirrored (secrets-production)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "exported-"));
    for (const [file, content] of exported) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    const result = await terraformValidate(path.join(dir, TERRAFORM_DIR, "secrets-production"));
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe("the comparison the round trip relies on", () => {
  it("finds a changed value, a missing attribute and a changed block", () => {
    expect(differences([{ a: 1 }], { a: 2 }, "x")).toEqual(["x.a: HCL 1, JSON 2"]);
    expect(differences([{ a: 1 }], { a: 1, b: "c" }, "x")).toEqual(['x.b: HCL undefined, JSON "c"']);
    expect(differences([{ a: 1 }], { a: 1 }, "x")).toEqual([]);
  });
});

describe("npm run export -- --check", () => {
  it("passes on the committed layout", async () => {
    const { execFile } = await import("node:child_process");
    const code = await new Promise<number>((resolve) =>
      execFile("npm", ["run", "--silent", "export", "--", "--check"], { cwd: root }, (error) =>
        resolve(error ? Number(error.code ?? 1) : 0),
      ),
    );
    expect(code).toBe(0);
  });
});

describe("the fixes to cdktf's HCL", () => {
  it("double a lone backslash and leave escapes alone", () => {
    expect(escapeLoneBackslashes(String.raw`X = "/@\"'\ "`)).toBe(String.raw`X = "/@\"'\\ "`);
    expect(escapeLoneBackslashes(String.raw`X = "a\\b\n"`)).toBe(String.raw`X = "a\\b\n"`);
  });

  it("write a resource's provider as a reference (Terraform warns that quoted references are deprecated)", () => {
    expect(unquoteReferences('  provider = "random"\n  name     = "random"')).toBe(
      '  provider = random\n  name     = "random"',
    );
    expect(unquoteReferences('  provider = "aws.iam_events"')).toBe("  provider = aws.iam_events");
  });

  it("write depends_on and ignore_changes entries as references", () => {
    expect(unquoteReferences('depends_on = [\n  "aws_iam_role.x",\n  "data.aws_x.y",\n]')).toBe(
      "depends_on = [\n  aws_iam_role.x,\n  data.aws_x.y,\n]",
    );
    expect(unquoteReferences('ignore_changes = ["secret_string"]\nname = "kept"')).toBe(
      'ignore_changes = [secret_string]\nname = "kept"',
    );
  });

  it('write the required Terraform version that cdktf renders as `0 = "required_version"`', () => {
    expect(restoreRequiredVersion('terraform {\n  0 = "required_version"\n}', ">= 1.11")).toBe(
      'terraform {\n  required_version = ">= 1.11"\n}',
    );
    expect(restoreRequiredVersion("terraform {\n}", undefined)).toBe("terraform {\n}");
    expect(() => restoreRequiredVersion('terraform {\n  0 = "required_version"\n}', undefined)).toThrow(
      "the JSON synthesis does not set",
    );
  });

  it("require Terraform 1.11 in every exported stack", () => {
    for (const stack of stacks())
      expect(exported.get(path.join(TERRAFORM_DIR, stack, "versions.tf"))!.toString("utf8"), stack).toMatch(
        /^\s*required_version = ">= 1\.11"$/m,
      );
  });

  it("split formatted HCL into top-level blocks", () => {
    const blocks = splitTopLevelBlocks(
      'resource "a" "b" {\n  x = 1\n}\n\nvariable "v" {\n  default = <<EOT\n}\nEOT\n}\n',
    );
    expect(blocks.map((b) => [b.kind, ...b.labels])).toEqual([
      ["resource", "a", "b"],
      ["variable", "v"],
    ]);
  });
});
