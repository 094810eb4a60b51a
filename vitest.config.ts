import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The pure rules of worker/domain (no I/O, no bindings) are tested in Node, where a test file costs no
// workerd of its own; everything else runs inside workerd with real bindings.
const PURE = "test/worker/domain-*.test.ts";

export default defineConfig(async () => ({
  test: {
    // Tests assert behaviour, not speed (budgets live in bench/): a busy machine must not fail them.
    testTimeout: 20_000,
    // Setup that seeds a tenant and signs people in takes seconds on a loaded machine; 10 s (the default) was tight.
    hookTimeout: 30_000,
    // Vitest's default on a 2-core machine is one file at a time, which leaves a core idle while workerd
    // waits on I/O; two at a time cut the phase by a third, three by 6 % more (384 s to 362 s here,
    // back to back). Each file has its own isolated storage. VITEST_MAX_WORKERS overrides it.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 3),
    projects: [
      { test: { name: "domain", include: [PURE], environment: "node" } },
      {
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
          name: "workerd",
          include: ["test/worker/**/*.test.ts"],
          exclude: [PURE],
          setupFiles: ["./test/worker/apply-migrations.ts"],
        },
      },
    ],
  },
}));
