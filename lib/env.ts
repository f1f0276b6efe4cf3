import { z } from "zod";

// The only reader of process.env. Each variable is documented in README.md with its default.
const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional(),
  ),
  PGLITE_DIR: optional,
  AUTH_SECRET: optional.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  AUTH_URL: optional.pipe(z.url("must be a URL such as https://portal.example.com").optional()),
  CRON_SECRET: optional.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: optional,
  SMTP_URL: optional.pipe(z.string().regex(/^smtps?:\/\/[^/?#]/, "must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587").optional()),
  // 32 random bytes, base64 (openssl rand -base64 32).
  OPERATOR_SECRETS_KEY: optional.pipe(
    z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes in base64 (openssl rand -base64 32)")
      .optional(),
  ),
  // Days before a prepaid SIM turns dormant (operator contract) that its end user and company are warned.
  DORMANCY_WARNING_DAYS: optional.pipe(z.string().regex(/^\d+$/, "must be a whole number of days").transform(Number).pipe(z.number().min(1).max(365)).default(30)),
  // The in-process scheduler that calls the cron jobs in development: on unless "off".
  SCHEDULER: optional.pipe(z.enum(["on", "off"]).optional()),
  SEED_FORCE: optional,
});

export type Env = z.infer<typeof envSchema>;

// Known to everyone who reads this file: good for a laptop, refused in production.
const DEV_AUTH_SECRET = "sim-portal-development-secret-not-for-production-use";

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// Tests that change process.env read it again.
export function resetEnvForTests(): void {
  cached = undefined;
}

export function isProduction(): boolean {
  return env().NODE_ENV === "production";
}

export function authSecret(): string {
  const secret = env().AUTH_SECRET;
  if (secret) return secret;
  if (isProduction()) throw new Error("Invalid environment:\n  AUTH_SECRET: required in production (openssl rand -base64 32)");
  return DEV_AUTH_SECRET;
}

// On by default in development, off in production unless SCHEDULER=on.
export function schedulerEnabled(): boolean {
  const setting = env().SCHEDULER;
  return setting === undefined ? !isProduction() : setting === "on";
}
