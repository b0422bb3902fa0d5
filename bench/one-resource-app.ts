// Baseline for `npm run bench`: the smallest useful cdktf app, one AWS resource, deep imports.
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";

const app = new App();
const stack = new TerraformStack(app, "baseline");
new AwsProvider(stack, "aws", { region: "us-east-1" });
new SecretsmanagerSecret(stack, "secret", { name: "qualisys/bench/baseline" });
app.synth();
