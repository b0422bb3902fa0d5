/**
 * The app `bench/scale.bench.ts` times, synthesized into CDKTF_OUTDIR:
 * - `SCALE_MODE=secrets` (default): production's secrets stack with `SCALE_SECRETS` secrets in all (the
 *   story's, plus integrations secrets as a platform that grew would add them);
 * - `SCALE_MODE=story`: every stack of production as the example configures it;
 * - `SCALE_MODE=platform`: every stack of production grown by configuration to 1,000 secrets, 50
 *   workloads and 10 groups (config/scaled-example.ts), the readers' roles under a path;
 * - `SCALE_MODE=split`: the same platform with each new team's group in a stack of its own.
 */
import { App } from "cdktf";
import { resolveEnvironments, type EnvironmentConfig } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { GROWN, partnerSecrets, scaledEnvironment } from "../config/scaled-example";
import { addEnvironmentStacks, prepareEnvironmentStacks } from "../stacks/app";
import { SecretsStack } from "../stacks/secrets-stack";

const production = exampleEnvironments.find((e) => e.name === "production")!;
const app = new App({ outdir: process.env.CDKTF_OUTDIR, stackTraces: false });
const mode = process.env.SCALE_MODE ?? "secrets";

function grown(split: boolean): EnvironmentConfig {
  const config = scaledEnvironment(production, { ...GROWN, readerRolePath: "/qualisys-readers/" });
  if (!split) return config;
  const groups = Object.fromEntries(
    Object.entries(config.access.groups).map(([name, group]) => [
      name,
      name.startsWith("team-") ? { ...group, ownStack: true } : group,
    ]),
  );
  return { ...config, access: { ...config.access, groups } };
}

if (mode === "secrets") {
  const total = Number(process.env.SCALE_SECRETS ?? 1000);
  const story = resolveEnvironments([production])[0]!.catalog.length;
  const extra = partnerSecrets(Math.max(0, total - story));
  const [environment] = resolveEnvironments([{ ...production, additionalSecrets: extra }]);
  new SecretsStack(app, "secrets-production", { environment: environment! });
  app.synth();
} else {
  const config = mode === "story" ? production : grown(mode === "split");
  const environments = resolveEnvironments([config]);
  void prepareEnvironmentStacks(environments).then(() => {
    addEnvironmentStacks(app, environments);
    app.synth();
  });
}
