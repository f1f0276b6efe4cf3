import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations from the schema; they are applied by
// `npm run db:migrate` (db/migrate.ts) on PGlite or PostgreSQL alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
