import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**"],
    environment: "node",
    // Database test files each open their own PGlite instance or PostgreSQL schema; PGlite's
    // WebAssembly start-up is the slow part, so allow for it.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
