/** A top-level block of HCL: its kind, labels and text. */
export interface HclBlock {
  readonly kind: string;
  readonly labels: readonly string[];
  readonly text: string;
}

/**
 * Splits formatted HCL into its top-level blocks. After `terraform fmt`, a top-level block starts at
 * column 0 and ends at a line that is `}` alone; heredocs are skipped whole.
 */
export function splitTopLevelBlocks(hcl: string): HclBlock[] {
  const blocks: HclBlock[] = [];
  let current: { kind: string; labels: string[]; lines: string[] } | undefined;
  let heredoc: string | undefined;
  for (const line of hcl.split("\n")) {
    if (heredoc) {
      current?.lines.push(line);
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (!current) {
      const header = /^([a-z_]+)((?:\s+"[^"]*")*)\s*\{\s*$/.exec(line);
      if (header)
        current = { kind: header[1]!, labels: [...header[2]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!), lines: [line] };
      else if (line.trim() !== "") throw new Error(`unexpected line outside a block: ${line}`);
      continue;
    }
    current.lines.push(line);
    const opening = /<<-?(\w+)\s*$/.exec(line);
    if (opening) heredoc = opening[1];
    else if (line === "}") {
      blocks.push({ kind: current.kind, labels: current.labels, text: current.lines.join("\n") });
      current = undefined;
    }
  }
  if (current) throw new Error(`unterminated block ${current.kind} ${current.labels.join(" ")}`);
  return blocks;
}

/**
 * cdktf 0.21's HCL rendering escapes quotes in strings but not backslashes, so the exclusion list
 * `/@"'\ ` comes out as `"/@\"'\ "`, which Terraform rejects ("Invalid escape sequence"). A backslash
 * that starts no HCL escape can only be a literal one: double it. (A literal backslash before `n`, `t`,
 * `"` ... would stay ambiguous; the round-trip test compares every exported value with the JSON synthesis.)
 */
export function escapeLoneBackslashes(hcl: string): string {
  return hcl.replace(/\\(\\|[^nrt"\\uU])/g, (match, next: string) => (next === "\\" ? match : `\\\\${next}`));
}

/**
 * cdktf renders the entries of `depends_on` and `lifecycle.ignore_changes` as quoted strings, which
 * Terraform reads but warns about ("Quoted references are deprecated"): write them as references.
 */
export function unquoteReferences(hcl: string): string {
  return hcl
    .replace(/(depends_on|ignore_changes)\s*=\s*\[([^\]]*)\]/g, (list: string) =>
      list.replace(/"((?:data\.)?[a-z0-9_]+(?:\.[\w-]+)?)"/g, "$1"),
    )
    .replace(/^(\s*provider\s*=\s*)"([a-z0-9_]+(?:\.[\w-]+)?)"$/gm, "$1$2");
}

/**
 * cdktf 0.21's HCL rendering writes an override of a terraform-block setting (`required_version`, set
 * with `addOverride("terraform.required_version", ...)` for want of an API) as `0 = "required_version"`,
 * which Terraform rejects: write the setting with its value from the JSON synthesis.
 */
export function restoreRequiredVersion(hcl: string, requiredVersion: string | undefined): string {
  const broken = /^(\s*)0 = "required_version"$/m;
  if (!broken.test(hcl)) return hcl;
  if (requiredVersion === undefined)
    throw new Error("the HCL names required_version, which the JSON synthesis does not set");
  return hcl.replace(
    broken,
    (_line, indent: string) => `${indent}required_version = ${JSON.stringify(requiredVersion)}`,
  );
}
