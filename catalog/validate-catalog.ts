import {
  POSTGRES_URL_PARTS,
  SECRET_NAME_PATTERN,
  SECRET_NAME_RULE,
  WORKLOAD_NAME,
  WORKLOAD_NAME_RULE,
  type SecretDefinition,
} from "./secret-catalog";

/** A problem in a catalog entry: where it is, what it was and what is allowed. The caller adds the environment. */
export interface CatalogProblem {
  /** Path of the field, e.g. `additionalSecrets[0].name`. */
  readonly field: string;
  /** The value found (`undefined` when missing). */
  readonly value: unknown;
  /** What is allowed instead. */
  readonly expected: string;
}

const FIELD_NAME = /^[a-z][a-z0-9_]*$/;
const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;
const ENV_VAR = /^[A-Z_][A-Z0-9_]*$/;
const ROTATION_CADENCES = ["annual", "quarterly", "on-demand"];
// Secrets Manager limits; see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
const MAX_DESCRIPTION = 2048;
const MAX_NAME = 512;
// Below this a generated key is guessable in practice; 256 bits is the story's JWT requirement.
const MIN_GENERATED_BITS = 128;

/**
 * Checks catalog entries. `at(i)` names where entry `i` sits in the caller's
 * configuration (e.g. `additionalSecrets[0]`), so messages point at the field to fix.
 */
export function validateCatalog(entries: readonly SecretDefinition[], at: (index: number) => string): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const namesSeen = new Map<string, number>();
  const variablesSeen = new Map<string, string>();
  const envVarsSeen = new Map<string, string>();

  entries.forEach((entry, index) => {
    const where = at(index);
    const name: unknown = entry.name;
    if (typeof name !== "string" || !SECRET_NAME_PATTERN.test(name) || name.length > MAX_NAME) {
      problems.push({
        field: `${where}.name`,
        value: name,
        expected: `a name matching ${SECRET_NAME_RULE} (at most ${MAX_NAME} characters)`,
      });
    } else if (namesSeen.has(name)) {
      problems.push({
        field: `${where}.name`,
        value: name,
        expected: `a name no other secret uses (${at(namesSeen.get(name)!)} already has it)`,
      });
    } else {
      namesSeen.set(name, index);
    }

    if (
      typeof entry.description !== "string" ||
      entry.description.length === 0 ||
      entry.description.length > MAX_DESCRIPTION
    ) {
      problems.push({
        field: `${where}.description`,
        value: entry.description,
        expected: `1 to ${MAX_DESCRIPTION} characters`,
      });
    }

    if (typeof entry.responsible !== "string" || entry.responsible.trim() === "") {
      problems.push({
        field: `${where}.responsible`,
        value: entry.responsible,
        expected: "the team or role that answers for the secret's rotation",
      });
    }

    const fields = entry.fields ?? {};
    const fieldNames = Object.keys(fields);
    if (fieldNames.length === 0) {
      problems.push({ field: `${where}.fields`, value: entry.fields, expected: "at least one field" });
    }
    for (const [fieldName, source] of Object.entries(fields)) {
      const fieldPath = `${where}.fields.${fieldName}`;
      if (!FIELD_NAME.test(fieldName)) {
        problems.push({ field: fieldPath, value: fieldName, expected: `a field name matching ${FIELD_NAME.source}` });
      }
      switch (source.kind) {
        case "variable": {
          const variable = source.variable.name;
          if (!VARIABLE_NAME.test(variable)) {
            problems.push({
              field: `${fieldPath}.variable.name`,
              value: variable,
              expected: `a Terraform variable name matching ${VARIABLE_NAME.source}`,
            });
          } else if (variablesSeen.has(variable)) {
            problems.push({
              field: `${fieldPath}.variable.name`,
              value: variable,
              expected: `a variable name no other field uses (${variablesSeen.get(variable)} already reads it)`,
            });
          } else {
            variablesSeen.set(variable, fieldPath);
          }
          break;
        }
        case "copy": {
          const target = fields[source.field];
          if (!target || target.kind === "copy") {
            problems.push({
              field: `${fieldPath}.field`,
              value: source.field,
              expected: `another field of the same secret that is not itself a copy (one of ${fieldNames.filter((f) => fields[f]?.kind !== "copy").join(", ")})`,
            });
          }
          break;
        }
        case "postgres-url": {
          const missing = POSTGRES_URL_PARTS.filter((part) => !(part in fields));
          if (missing.length > 0) {
            problems.push({
              field: fieldPath,
              value: "postgres-url",
              expected: `a secret that also has the fields ${POSTGRES_URL_PARTS.join(", ")} (missing: ${missing.join(", ")})`,
            });
          }
          break;
        }
        case "generated":
          if (!Number.isInteger(source.bits) || source.bits < MIN_GENERATED_BITS || source.bits > 4096) {
            problems.push({
              field: `${fieldPath}.bits`,
              value: source.bits,
              expected: `a whole number of bits from ${MIN_GENERATED_BITS} to 4096`,
            });
          }
          break;
        case "constant":
        case "operator":
          break;
        default:
          problems.push({
            field: `${fieldPath}.kind`,
            value: (source as { kind?: unknown }).kind,
            expected: "one of variable, constant, copy, postgres-url, generated, operator",
          });
      }
    }

    const variables: unknown = entry.environmentVariables;
    if (variables === null || typeof variables !== "object") {
      problems.push({
        field: `${where}.environmentVariables`,
        value: variables,
        expected: "an object from field name to environment variable name",
      });
    } else {
      for (const [fieldName, name] of Object.entries(variables as Record<string, unknown>)) {
        if (!(fieldName in fields)) {
          problems.push({
            field: `${where}.environmentVariables.${fieldName}`,
            value: name,
            expected: `a field of the secret (one of ${fieldNames.join(", ")})`,
          });
        }
        if (typeof name !== "string" || !ENV_VAR.test(name)) {
          problems.push({
            field: `${where}.environmentVariables.${fieldName}`,
            value: name,
            expected: `an environment variable name matching ${ENV_VAR.source}`,
          });
        } else if (envVarsSeen.has(name)) {
          problems.push({
            field: `${where}.environmentVariables.${fieldName}`,
            value: name,
            expected: `a name no other field uses (${envVarsSeen.get(name)} already has it)`,
          });
        } else {
          envVarsSeen.set(name, `${where}.environmentVariables.${fieldName}`);
        }
      }
    }

    const consumers: readonly unknown[] = Array.isArray(entry.consumers) ? entry.consumers : [];
    if (consumers.length === 0) {
      problems.push({
        field: `${where}.consumers`,
        value: entry.consumers,
        expected: "at least one workload (a name of kubernetes.workloads)",
      });
    }
    consumers.forEach((consumer, i) => {
      if (typeof consumer !== "string" || !WORKLOAD_NAME.test(consumer)) {
        problems.push({
          field: `${where}.consumers[${i}]`,
          value: consumer,
          expected: `a workload's name: ${WORKLOAD_NAME_RULE}`,
        });
      }
    });

    const rotation = entry.rotation;
    if (rotation?.kind === "automatic") {
      // The rotation function rotates PostgreSQL credentials only.
      const engine = fields.engine;
      const missing = ["host", "username", "password"].filter((f) => !(f in fields));
      if (engine?.kind !== "constant" || engine.value !== "postgres" || missing.length > 0) {
        problems.push({
          field: `${where}.rotation.kind`,
          value: "automatic",
          expected: `"manual", or a PostgreSQL secret (fields engine = constant "postgres", host, username, password${missing.length ? `; missing: ${missing.join(", ")}` : ""}): the rotation function rotates PostgreSQL credentials only`,
        });
      }
      if (!Number.isInteger(rotation.everyDays) || rotation.everyDays < 1 || rotation.everyDays > 1000) {
        // see: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html
        problems.push({
          field: `${where}.rotation.everyDays`,
          value: rotation.everyDays,
          expected: "a whole number of days from 1 to 1000",
        });
      }
    } else if (rotation?.kind === "manual") {
      if (!ROTATION_CADENCES.includes(rotation.cadence)) {
        problems.push({
          field: `${where}.rotation.cadence`,
          value: rotation.cadence,
          expected: `one of ${ROTATION_CADENCES.join(", ")}`,
        });
      }
    } else {
      problems.push({
        field: `${where}.rotation.kind`,
        value: (rotation as { kind?: unknown } | undefined)?.kind,
        expected: "one of automatic, manual",
      });
    }
  });

  return problems;
}
