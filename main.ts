import "./stacks/fast-stack-traces"; // first: before cdktf loads
import { App } from "cdktf";
import { addEnvironmentStacks } from "./stacks/app";
import { resolveEnvironments } from "./stacks/environment-config";
import { exampleEnvironments } from "./stacks/environments";

// Run by `cdktf synth` (cdktf.json); `npm run synth` (scripts/synth.ts) builds the same stacks.
// Validate first: new App() creates the output directory, and a bad value must write nothing.
const environments = resolveEnvironments(exampleEnvironments);
// No stack traces in construct metadata: they never reach the output, and each costs a capture.
const app = new App({ stackTraces: false });
addEnvironmentStacks(app, environments);
app.synth();
