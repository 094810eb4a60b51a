// `npm run typecheck` (part of `npm test`): fails when worker/db/schema*.ts says something
// migrations/ does not, i.e. a schema change was made without `npm run db:generate`. drizzle-kit
// generates into a throw-away copy of migrations/; anything it writes there is the missing migration.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "./dev-server.mjs";

// drizzle-kit only takes an output folder relative to the project, so the copy lives inside it.
const cache = join(ROOT, "node_modules", ".cache");
mkdirSync(cache, { recursive: true });
const copy = mkdtempSync(join(cache, "migrations-check-"));
try {
  cpSync(join(ROOT, "migrations"), copy, { recursive: true });
  const before = new Set(readdirSync(copy));
  const drizzleKit = join(ROOT, "node_modules", "drizzle-kit", "bin.cjs");
  const args = ["generate", "--dialect", "sqlite", "--schema", "./worker/db/schema*.ts", "--name", "drift"];
  const run = spawnSync(process.execPath, [drizzleKit, ...args, "--out", relative(ROOT, copy)], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const output = `${run.stdout}${run.stderr}`;
  const added = readdirSync(copy).filter((f) => !before.has(f));
  if (added.length) {
    console.error(`worker/db/schema*.ts has changes no migration holds: run \`npm run db:generate\`.\n${output}`);
    process.exitCode = 1;
  } else if (run.status !== 0 || !output.includes("No schema changes")) {
    console.error(`Could not compare the drizzle schema with migrations/:\n${output}`);
    process.exitCode = 1;
  } else {
    console.log("Migrations match the drizzle schema.");
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
