/**
 * What every npm script shares: `--help` prints the usage and exits 0; an unknown option prints the
 * usage and exits 2; a bad configuration prints its one line per problem, naming the file, and exits 1
 * (no stack trace: the message says what and where, as `npm run synth` does); any other error is a bug
 * and keeps its stack.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError } from "../config/config-error";

/** Where the example environments are configured, named in configuration errors. */
export const CONFIGURATION_FILE = "config/example-environments.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses the arguments, runs `main`, and sets the exit code as described above. */
export function runCommand<O extends Options>(
  usage: string,
  options: O,
  main: (values: ReturnType<typeof parseArgs<{ options: O }>>["values"]) => Promise<number | void> | number | void,
): void {
  let values: ReturnType<typeof parseArgs<{ options: O }>>["values"];
  try {
    const parsed = parseArgs({ options: { ...options, help: { type: "boolean", short: "h" } }, strict: true });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      return;
    }
    values = parsed.values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  Promise.resolve()
    .then(() => main(values))
    .then((code) => {
      if (typeof code === "number") process.exitCode = code;
    })
    .catch((error: unknown) => {
      if (error instanceof ConfigError) console.error(`${CONFIGURATION_FILE}: ${error.message}`);
      else console.error(error);
      process.exitCode = 1;
    });
}
