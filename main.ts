import { App } from "cdktf";
import { addEnvironmentStacks } from "./stacks/app";
import { resolveEnvironments } from "./stacks/environment-config";
import { exampleEnvironments } from "./stacks/environments";

// Run by `cdktf synth` (cdktf.json); `npm run synth` (scripts/synth.ts) builds the same stacks.
// Validate first: new App() creates the output directory, and a bad value must write nothing.
const environments = resolveEnvironments(exampleEnvironments);
const app = new App();
addEnvironmentStacks(app, environments);
app.synth();
