/**
 * The app `bench/scale.bench.ts` times: production's secrets stack with `SCALE_SECRETS` secrets in all
 * (the story's, plus integrations secrets as a platform that grew would add them), synthesized into
 * CDKTF_OUTDIR.
 */
import { App } from "cdktf";
import { field, type SecretDefinition } from "../catalog/secret-catalog";
import { resolveEnvironments } from "../config/environment-config";
import { exampleEnvironments } from "../config/example-environments";
import { SecretsStack } from "../stacks/secrets-stack";

const total = Number(process.env.SCALE_SECRETS ?? 1000);
const production = exampleEnvironments.find((e) => e.name === "production")!;
const story = resolveEnvironments([production])[0]!.catalog.length;
const extra: SecretDefinition[] = Array.from({ length: Math.max(0, total - story) }, (_, i) => ({
  name: `qualisys/integrations/partner-${String(i).padStart(4, "0")}`,
  description: `Partner ${i} API key`,
  fields: { api_key: field.operator() },
  consumers: ["api"],
  rotation: { kind: "manual", cadence: "annual", procedure: "new key from the partner" },
  responsible: "Integrations team",
  environmentVariables: { api_key: `PARTNER_${i}_API_KEY` },
}));
const [environment] = resolveEnvironments([{ ...production, additionalSecrets: extra }]);
const app = new App({ outdir: process.env.CDKTF_OUTDIR, stackTraces: false });
new SecretsStack(app, "secrets-production", { environment: environment! });
app.synth();
