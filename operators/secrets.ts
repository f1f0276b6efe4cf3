import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Operator credentials at rest: AES-256-GCM with OPERATOR_SECRETS_KEY, a fresh IV per value,
// stored as "v1.<iv>.<tag>.<ciphertext>" (base64url). Decrypted only on the server, inside the
// registry, right before a driver is built; never returned to pages or written to logs.

const credentialsSchema = z.record(z.string(), z.string());

export type Credentials = z.infer<typeof credentialsSchema>;

function keyFrom(base64: string | undefined): Buffer {
  if (!base64) {
    throw new AppError(
      "invalid_input",
      "Operator credentials cannot be stored or read: set OPERATOR_SECRETS_KEY (openssl rand -base64 32).",
    );
  }
  return Buffer.from(base64, "base64");
}

export function encryptCredentials(credentials: Credentials, keyBase64: string | undefined = env().OPERATOR_SECRETS_KEY): string {
  const key = keyFrom(keyBase64);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function decryptCredentials(stored: string, keyBase64: string | undefined = env().OPERATOR_SECRETS_KEY): Credentials {
  const key = keyFrom(keyBase64);
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || iv === undefined || tag === undefined || body === undefined) {
    throw new AppError("invalid_input", "Stored operator credentials are not in a known format.");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return credentialsSchema.parse(JSON.parse(text));
  } catch {
    // Wrong key or tampered value: say which without echoing anything of the secret.
    throw new AppError("invalid_input", "Stored operator credentials cannot be decrypted with the current OPERATOR_SECRETS_KEY.");
  }
}
