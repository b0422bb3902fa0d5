/** The four steps of the Secrets Manager rotation protocol. */
export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

/** A rotation step. */
export type RotationStep = (typeof ROTATION_STEPS)[number];

/**
 * Base of every error the function throws. Messages say which step, which secret and what was
 * expected, and never hold a password, a connection string or secret JSON.
 */
export class RotationError extends Error {
  constructor(
    /** The step that failed, or `guard` for the checks before any step. */
    public readonly step: RotationStep | "guard",
    /** ARN (or id) of the secret being rotated. */
    public readonly secretId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${step} of ${secretId}: ${message}`, options);
    this.name = new.target.name;
  }
}

/** The event or the secret's rotation state does not allow the step (the guards before any step). */
export class RotationStateError extends RotationError {}

/** A field of a secret value is missing or malformed. */
export class SecretFieldError extends RotationError {
  constructor(
    step: RotationStep,
    secretId: string,
    /** Which version was read (`AWSCURRENT`, `AWSPENDING`, ...). */
    public readonly stage: string,
    /** The field at fault. */
    public readonly field: string,
    expected: string,
  ) {
    super(step, secretId, `field "${field}" of the ${stage} version ${expected}`);
  }
}

/** The database refused or could not be reached. */
export class DatabaseError extends RotationError {}

/** The function's own environment variables are wrong. */
export class ConfigurationError extends Error {
  constructor(
    /** The environment variable at fault. */
    public readonly variable: string,
    message: string,
  ) {
    super(`environment variable ${variable} ${message}`);
    this.name = "ConfigurationError";
  }
}
