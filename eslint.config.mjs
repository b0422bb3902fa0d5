// @ts-check
import eslint from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/**
 * The layers, top to bottom (README, "Layout"). A folder may import its own files and those of the
 * layers below it, never one above: an upward import fails the lint, and so does any cycle.
 * Entry points (main.ts, cli/, bench/) and the tests sit above them all.
 */
export const LAYERS = [
  "tooling",
  "stacks",
  "constructs",
  "config",
  "kubernetes",
  "catalog",
  "assets",
  "cache",
  "lambda",
];

const layerZones = LAYERS.map((layer, i) => ({
  target: `./${layer}`,
  from: ["./main.ts", "./cli", "./bench", "./__tests__", ...LAYERS.slice(0, i).map((above) => `./${above}`)],
  message: `${layer}/ is below ${["entry points", ...LAYERS.slice(0, i)].join(", ")}: imports only run downward (README, Layout).`,
}));

// harness/ (a real PostgreSQL, a Secrets Manager stand-in, ...) serves the tests and the benchmarks only.
const harnessZones = ["./main.ts", "./cli", ...LAYERS.map((layer) => `./${layer}`)].map((target) => ({
  target,
  from: "./harness",
  message: "harness/ serves the tests and the benchmarks: nothing the commands run imports it.",
}));

/** The import rules alone: the layers and no cycles (also used by __tests__/layers.test.ts). */
export const layerRules = {
  plugins: { "import-x": importX },
  settings: {
    // import-x's TypeScript settings (which files it parses to follow imports), with the resolver of tsconfig.json.
    ...importX.flatConfigs.typescript.settings,
    "import-x/resolver": undefined,
    "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${import.meta.dirname}/tsconfig.json` })],
  },
  rules: {
    "import-x/no-restricted-paths": [
      "error",
      { basePath: import.meta.dirname, zones: [...layerZones, ...harnessZones] },
    ],
    "import-x/no-cycle": ["error", { ignoreExternal: true }],
  },
};

/**
 * What the commands run needs only `dependencies`: `npm ci --omit=dev && npm run verify` works, and a
 * test-only library (the AGPL IAM simulator) never runs outside the tests (also used by __tests__/layers.test.ts).
 */
export const dependencyRules = {
  files: ["**/*.ts"],
  ignores: ["__tests__/**", "bench/**", "harness/**", "*.config.*"],
  plugins: { "import-x": importX },
  rules: { "import-x/no-extraneous-dependencies": ["error", { devDependencies: false, includeTypes: false }] },
};

/** Files a newcomer can read whole and functions of a screenful, in the layers that grow (also used by __tests__/layers.test.ts). */
export const sizeRules = {
  files: ["config/**/*.ts", "constructs/**/*.ts", "stacks/**/*.ts", "tooling/**/*.ts"],
  rules: { "max-lines": ["error", { max: 250 }], "max-lines-per-function": ["error", { max: 60 }] },
};

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "cdktf.out.*/", "**/.terraform/"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["aws", "random", "helm", "kubernetes"].map((provider) => ({
            name: `@cdktf/provider-${provider}`,
            message: `Import the class from @cdktf/provider-${provider}/lib/<resource>: the package root costs about 6 s and 530 MB per process.`,
          })),
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  layerRules,
  dependencyRules,
  sizeRules,
  {
    // The rotation function stands alone: it is bundled and shipped without the rest of the project.
    files: ["lambda/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./\\.\\./",
              message: "lambda/rotation stands alone: it imports nothing from the rest of the project.",
            },
          ],
        },
      ],
    },
  },
  {
    // vitest's asymmetric matchers (expect.stringContaining, ...) are typed `any`.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  { files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
