import { Bytes } from "@cdktf/provider-random/lib/bytes";
import { Fn, Op, TerraformVariable, Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  OPERATOR_PLACEHOLDER,
  secretSlug,
  type FieldSource,
  type SecretDefinition,
  type VariableSpec,
} from "../catalog/secret-catalog";
import { EphemeralRandomPassword } from "./ephemeral-random-password";

/** Props of {@link SecretValueInputs}. */
export interface SecretValueInputsProps {
  /** The environment's catalog: which variables and generated values its secrets need. */
  readonly catalog: readonly SecretDefinition[];
  /**
   * Write-only mode: sensitive variables are `ephemeral` and generated values come from an
   * ephemeral `aws_secretsmanager_random_password`, so no secret value reaches state or plan.
   * @default false
   */
  readonly writeOnly?: boolean;
  /**
   * AWS provider for ephemeral random passwords (write-only mode).
   * @default - the stack's default AWS provider
   */
  readonly awsProvider?: TerraformProvider;
  /**
   * Random provider for generated values (default mode).
   * @default - the stack's default random provider
   */
  readonly randomProvider?: TerraformProvider;
}

/** Alphanumeric characters: what a generated value is drawn from in write-only mode. */
const ALPHANUMERIC_SYMBOLS = 62;

/**
 * The inputs that feed secret values: one stack-level Terraform variable per upstream value
 * (named as in the catalog, so they read `var.database_host` in `variables.tf`), and one
 * random generator per generated field. {@link valueOf} turns a catalog entry into the object
 * that becomes the secret's JSON.
 */
export class SecretValueInputs extends Construct {
  /** The Terraform variables, by name. */
  public readonly variables: Readonly<Record<string, TerraformVariable>>;
  private readonly writeOnly: boolean;
  private readonly props: SecretValueInputsProps;
  private readonly generated = new Map<string, string>();

  constructor(scope: Construct, id: string, props: SecretValueInputsProps) {
    super(scope, id);
    this.props = props;
    this.writeOnly = props.writeOnly ?? false;

    const variables: Record<string, TerraformVariable> = {};
    for (const definition of props.catalog) {
      for (const [fieldName, source] of Object.entries(definition.fields)) {
        if (source.kind !== "variable") continue;
        const inUrl = Object.values(definition.fields).some((s) => s.kind === "postgres-url");
        variables[source.variable.name] = this.createVariable(
          source.variable,
          inUrl && ["username", "password"].includes(fieldName),
        );
      }
    }
    this.variables = variables;
  }

  /**
   * The value object of a secret: field name to a Terraform expression (a variable, a
   * generated value, a constant or the operator placeholder), in catalog order.
   */
  public valueOf(definition: SecretDefinition): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    for (const [fieldName, source] of Object.entries(definition.fields)) {
      value[fieldName] = this.expressionFor(definition, fieldName, source);
    }
    return value;
  }

  private expressionFor(definition: SecretDefinition, fieldName: string, source: FieldSource): unknown {
    switch (source.kind) {
      case "variable": {
        const variable = this.variable(source.variable.name);
        // An initial secret value is given on the first apply only: afterwards the version ignores its
        // value, and a plan without it must work (the live Redis token need not stay in CI's variables).
        // Unseeded, the field holds the operator placeholder, which `npm run verify` reports.
        return source.variable.sensitive
          ? Token.asString(
              Fn.conditional(Op.eq(variable.value, Token.nullValue()), OPERATOR_PLACEHOLDER, variable.value),
            )
          : variable.value;
      }
      case "constant":
        return source.value;
      case "copy": {
        const target = definition.fields[source.field];
        if (!target) throw new Error(`${definition.name}: field "${fieldName}" copies unknown field "${source.field}"`);
        return this.expressionFor(definition, source.field, target);
      }
      case "postgres-url": {
        const part = (name: string) => {
          const partSource = definition.fields[name];
          if (!partSource) throw new Error(`${definition.name}: postgres-url needs field "${name}"`);
          return String(this.expressionFor(definition, name, partSource));
        };
        // Same format as the rotation function writes: user and password URL-encoded.
        return `postgresql://${Fn.urlencode(part("username"))}:${Fn.urlencode(part("password"))}@${part("host")}:${part("port")}/${Fn.urlencode(part("database"))}`;
      }
      case "generated":
        return this.generatedValue(definition, fieldName, source.bits);
      case "operator":
        return OPERATOR_PLACEHOLDER;
    }
  }

  private variable(name: string): TerraformVariable {
    const variable = this.variables[name];
    if (!variable) throw new Error(`no Terraform variable "${name}" in the catalog`);
    return variable;
  }

  private createVariable(spec: VariableSpec, usedInUrlCredentials: boolean): TerraformVariable {
    const isNumber = spec.type === "number";
    const ref = `var.${spec.name}`;
    const validation = isNumber
      ? [
          {
            condition: `\${${ref} == floor(${ref}) && ${ref} >= 1 && ${ref} <= 65535}`,
            errorMessage: `${spec.name} must be a whole number from 1 to 65535.`,
          },
        ]
      : [
          {
            // An initial secret value may be left out (null) after the first apply; given, it must not be empty.
            condition: spec.sensitive
              ? `\${${ref} == null ? true : length(trimspace(${ref})) > 0}`
              : `\${length(trimspace(${ref})) > 0}`,
            errorMessage: `${spec.name} must not be empty.`,
          },
        ];
    if (usedInUrlCredentials) {
      // Terraform's urlencode() writes a space as "+", which PostgreSQL clients read as a literal "+".
      validation.push({
        condition: spec.sensitive
          ? `\${${ref} == null ? true : !strcontains(${ref}, " ")}`
          : `\${!strcontains(${ref}, " ")}`,
        errorMessage: `${spec.name} must not contain spaces: it is URL-encoded into connection_string.`,
      });
    }
    const variable = new TerraformVariable(this, spec.name, {
      type: isNumber ? "number" : "string",
      description: spec.description,
      sensitive: spec.sensitive ?? false,
      nullable: spec.sensitive ?? false,
      validation,
    });
    variable.overrideLogicalId(spec.name);
    // Optional: `default = null` (cdktf writes no null default of its own).
    if (spec.sensitive) variable.addOverride("default", null);
    if (this.writeOnly && spec.sensitive) {
      // Ephemeral: Terraform keeps the value out of plan and state. cdktf 0.21 has no property for it.
      variable.addOverride("ephemeral", true);
    }
    return variable;
  }

  private generatedValue(definition: SecretDefinition, fieldName: string, bits: number): string {
    const name = `${secretSlug(definition.name)}_${fieldName}`;
    const existing = this.generated.get(name);
    if (existing) return existing;
    const bytes = Math.ceil(bits / 8);
    let value: string;
    if (this.writeOnly) {
      // Entropy: each character is drawn uniformly from 62 alphanumerics, log2(62) ≈ 5.95 bits,
      // so 2 × bytes characters (as many as the hex form) carry 2 × bytes × 5.95 ≥ bits.
      const length = 2 * bytes;
      if (length * Math.log2(ALPHANUMERIC_SYMBOLS) < bits)
        throw new Error(`${name}: ${length} characters hold fewer than ${bits} bits`);
      value = new EphemeralRandomPassword(this, name, {
        name,
        passwordLength: length,
        excludePunctuation: true,
        provider: this.props.awsProvider,
      }).value;
    } else {
      // Entropy: `bytes` bytes from the operating system's CSPRNG carry 8 × bytes bits; hex only encodes them.
      const random = new Bytes(this, name, { length: bytes, provider: this.props.randomProvider });
      random.overrideLogicalId(name);
      value = random.hex;
    }
    this.generated.set(name, value);
    return value;
  }
}
