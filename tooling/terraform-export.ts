import { App } from "cdktf";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { rotationFunctionArchive } from "../assets/rotation-function-archive";
import { addEnvironmentStacks } from "../stacks/app";
import { resolveEnvironments, type EnvironmentConfig } from "../config/environment-config";
import { synthesizeToDirectory } from "./synthesize";
import {
  escapeLoneBackslashes,
  restoreRequiredVersion,
  splitTopLevelBlocks,
  unquoteReferences,
  type HclBlock,
} from "./hcl-text";

/** Where the exported Terraform lives, from the project root. */
export const TERRAFORM_DIR = path.join("infrastructure", "terraform");

/** The rotation function's package, written once for every stack. */
export const EXPORTED_ARCHIVE = path.join(TERRAFORM_DIR, "assets", "rotation-function.zip");

const HEADER = "# Generated from the CDKTF stacks by `npm run export`: edit the TypeScript, not this file.\n\n";

/**
 * The story's files, by the construct (the first path segment under the stack) a block belongs to.
 * Variables, outputs, providers and the terraform block have files of their own; the rest is main.tf.
 */
const FILE_OF_CONSTRUCT: readonly [RegExp, string][] = [
  [
    /^(rotation-function|rotation-network|secrets-manager-endpoint|rds-api-endpoint|rotation-notifications|[\w-]+-rotation)$/,
    "rotation.tf",
  ],
  [/^(access-control|operator-role)$/, "iam.tf"],
  [/^(audit-trail|audit-bucket-guard|security-alerts|tampering-alerts)$/, "audit.tf"],
];

/** The file a construct's blocks go to. */
export function fileOfConstruct(constructId: string): string {
  return FILE_OF_CONSTRUCT.find(([pattern]) => pattern.test(constructId))?.[1] ?? "main.tf";
}

/**
 * Resource types exported in Terraform's JSON syntax (`<file>.tf.json`) rather than cdktf's HCL, because
 * the HCL rendering of their attributes is not type-faithful: a Kubernetes manifest's lists (an
 * ExternalSecret's `spec.data`) would become objects keyed "0", "1", ...
 */
export const JSON_ONLY_TYPES: readonly string[] = ["kubernetes_manifest"];

/** `terraform fmt` of every .tf file under a folder. */
function terraformFmt(dir: string): void {
  try {
    execFileSync(process.env.TERRAFORM_BIN ?? "terraform", ["fmt", "-recursive", "-list=false", dir], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    throw new Error(
      `terraform fmt failed (the export needs terraform on the PATH, or TERRAFORM_BIN): ${e.stderr?.toString() || e.message}`,
      { cause: error },
    );
  }
}

type StackJson = Record<string, Record<string, Record<string, { "//"?: { metadata?: { path?: string } } }>>>;

/** The construct id (first path segment under the stack) of a resource or data source, from the JSON synth. */
function constructOf(json: StackJson, block: HclBlock): string {
  const section = block.kind === "data" ? "data" : "resource";
  const [type, name] = block.labels;
  const metadataPath = json[section]?.[type!]?.[name!]?.["//"]?.metadata?.path;
  if (!metadataPath) throw new Error(`no construct path for ${block.kind} ${block.labels.join(".")}`);
  return metadataPath.split("/")[1]!;
}

/** Which file a block goes to. */
function fileOf(json: StackJson, block: HclBlock): string {
  switch (block.kind) {
    case "terraform":
      return "versions.tf";
    case "provider":
      return "providers.tf";
    case "variable":
      return "variables.tf";
    case "output":
      return "outputs.tf";
    case "resource":
    case "data":
      return fileOfConstruct(constructOf(json, block));
    case "moved":
      // The record of refactorings: where deployed resources' addresses went (Terraform >= 1.1).
      return "moved.tf";
    default:
      throw new Error(`the export does not place ${block.kind} blocks`);
  }
}

/**
 * The exported layout: for every stack `infrastructure/terraform/<stack>/` with the story's files
 * (versions.tf, providers.tf, variables.tf, outputs.tf, main.tf, rotation.tf, iam.tf, audit.tf, as the
 * stack has blocks for them), plus `ephemeral.tf.json` for the ephemeral blocks cdktf's HCL output drops,
 * and the rotation function's package once in `infrastructure/terraform/assets/`, referenced from each
 * stack with a path relative to the module. Uses cdktf's own HCL rendering and `terraform fmt`.
 * @returns file contents by path from the project root
 */
export async function renderTerraformExport(configs: readonly EnvironmentConfig[]): Promise<Map<string, Buffer>> {
  const work = mkdtempSync(path.join(os.tmpdir(), "terraform-export-"));
  const savedHcl = process.env.SYNTH_HCL_OUTPUT;
  try {
    // The JSON synthesis: construct paths of every block, the ephemeral blocks, and the reference for the tests.
    const jsonDir = path.join(work, "json");
    await synthesizeToDirectory(configs, jsonDir);
    // The HCL synthesis: cdktf renders HCL when SYNTH_HCL_OUTPUT is set (what `cdktf synth --hcl` sets).
    process.env.SYNTH_HCL_OUTPUT = "true";
    const hclDir = path.join(work, "hcl");
    const app = new App({ outdir: hclDir, hclOutput: true, stackTraces: false });
    addEnvironmentStacks(app, resolveEnvironments(configs));
    app.synth();

    const archive = rotationFunctionArchive();
    const outDir = path.join(work, "out");
    const stacks = readdirSync(path.join(jsonDir, "stacks"));
    for (const stack of stacks) exportStack(stack, { jsonDir, hclDir, work, outDir });
    terraformFmt(outDir);

    const result = new Map<string, Buffer>();
    for (const stack of stacks) {
      for (const file of readdirSync(path.join(outDir, stack)).sort()) {
        result.set(path.join(TERRAFORM_DIR, stack, file), readFileSync(path.join(outDir, stack, file)));
      }
    }
    result.set(EXPORTED_ARCHIVE, readFileSync(archive.file));
    return result;
  } finally {
    if (savedHcl === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = savedHcl;
    rmSync(work, { recursive: true, force: true });
  }
}

type ExportedStackJson = StackJson & {
  ephemeral?: unknown;
  removed?: unknown;
  terraform?: { required_version?: string };
};

/** One stack's folder: its HCL formatted and split into the story's files, and the JSON-only blocks beside them. */
function exportStack(
  stack: string,
  dirs: { readonly jsonDir: string; readonly hclDir: string; readonly work: string; readonly outDir: string },
): void {
  const { jsonDir, hclDir, work, outDir } = dirs;
  const json = JSON.parse(
    readFileSync(path.join(jsonDir, "stacks", stack, "cdk.tf.json"), "utf8"),
  ) as ExportedStackJson;
  const raw = path.join(work, "raw", stack);
  mkdirSync(raw, { recursive: true });
  const hcl = escapeLoneBackslashes(readFileSync(path.join(hclDir, "stacks", stack, "cdk.tf"), "utf8"));
  writeFileSync(path.join(raw, "cdk.tf"), restoreRequiredVersion(hcl, json.terraform?.required_version));
  terraformFmt(raw);
  const { files, jsonFiles } = filesOf(json, readFileSync(path.join(raw, "cdk.tf"), "utf8"));
  const dir = path.join(outDir, stack);
  mkdirSync(dir, { recursive: true });
  for (const [file, texts] of files) writeFileSync(path.join(dir, file), HEADER + texts.join("\n\n") + "\n");
  for (const [file, resource] of jsonFiles)
    writeFileSync(path.join(dir, file), JSON.stringify({ "//": HEADER.trim(), resource }, null, 2) + "\n");
  // cdktf's HCL output drops top-level escape-hatch blocks; Terraform reads .tf and .tf.json of a folder together.
  for (const kind of ["ephemeral", "removed"] as const) {
    if (!json[kind]) continue;
    writeFileSync(
      path.join(dir, `${kind}.tf.json`),
      JSON.stringify({ "//": HEADER.trim(), [kind]: json[kind] }, null, 2) + "\n",
    );
  }
}

/** The stack's blocks by the file they go in: HCL text, or Terraform's JSON for the types cdktf's HCL breaks. */
function filesOf(json: ExportedStackJson, hcl: string) {
  const files = new Map<string, string[]>();
  const jsonFiles = new Map<string, Record<string, Record<string, unknown>>>();
  for (const block of splitTopLevelBlocks(hcl)) {
    if (block.kind === "resource" && JSON_ONLY_TYPES.includes(block.labels[0]!)) {
      // cdktf's HCL renders a list inside an object-typed attribute as an object keyed "0", "1", ...,
      // which the provider cannot turn back into a list: these blocks go out in Terraform's JSON syntax.
      const [type, name] = block.labels as [string, string];
      const { "//": _metadata, ...body } = (json.resource as Record<string, Record<string, Record<string, unknown>>>)[
        type
      ]![name]!;
      const file = `${fileOf(json, block)}.json`;
      const byType = jsonFiles.get(file) ?? {};
      (byType[type] ??= {})[name] = body;
      jsonFiles.set(file, byType);
      continue;
    }
    // One package for every stack, found from the module's own folder.
    const text = unquoteReferences(block.text).replace(
      /"assets\/[\w-]+\/[0-9a-f]+\/rotation-function\.zip"/,
      '"${path.module}/../assets/rotation-function.zip"',
    );
    const file = fileOf(json, block);
    files.set(file, [...(files.get(file) ?? []), text]);
  }
  return { files, jsonFiles };
}
