import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** PostgreSQL's default iteration count for SCRAM-SHA-256 verifiers (`scram_iterations`). */
export const SCRAM_ITERATIONS = 4096;

// SASLprep (RFC 4013) leaves printable ASCII as it is, so the verifier of such a password is the one
// PostgreSQL computes itself; GetRandomPassword returns printable ASCII only.
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * The SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it (RFC 5802 §3, RFC 7677):
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, with SaltedPassword =
 * PBKDF2-HMAC-SHA-256(password, salt, iterations), ClientKey = HMAC(SaltedPassword, "Client Key"),
 * StoredKey = SHA-256(ClientKey), ServerKey = HMAC(SaltedPassword, "Server Key"). Sent to PostgreSQL in
 * `ALTER ROLE ... PASSWORD '<verifier>'`, which stores it as it is: the password itself never reaches
 * the server, so statement logging (`log_statement`, pgaudit) cannot write it down, and a verifier
 * cannot be used to log in.
 * see: https://www.postgresql.org/docs/15/auth-password.html
 * @throws when the password is not printable ASCII (the error does not contain it)
 */
export function scramSha256Verifier(
  password: string,
  salt: Buffer = randomBytes(16),
  iterations: number = SCRAM_ITERATIONS,
): string {
  if (!PRINTABLE_ASCII.test(password))
    throw new Error("the new password has characters outside printable ASCII; expected GetRandomPassword's output");
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  const b64 = (b: Buffer) => b.toString("base64");
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}
