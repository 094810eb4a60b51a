import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // wrangler.toml defaults to production; the tests run the development worker (sandbox, outbox).
        bindings: { ENVIRONMENT: "development", TEST_MIGRATIONS: await readD1Migrations("migrations") },
      },
    }),
  ],
  test: {
    include: ["test/worker/**/*.test.ts"],
    // Tests assert behaviour, not speed (budgets live in bench/): a busy machine must not fail them.
    testTimeout: 20_000,
    setupFiles: ["./test/worker/apply-migrations.ts"],
  },
}));
