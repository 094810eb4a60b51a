// `npm run typecheck` (part of `npm test`): the channel and sandbox boundaries of issue 10.
// 1. Only channels/whatsapp/ (and the registry) import WhatsApp code by name.
// 2. Production code never imports the sandbox (worker/sandbox/) or the development entry (worker/dev/).
// 3. The production build (`wrangler deploy --dry-run --env production`) holds no sandbox code or routes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT, WRANGLER_ENV } from "./dev-server.mjs";

const failures = [];
const worker = join(ROOT, "worker");
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
const importsOf = (source) =>
  [...source.matchAll(/\bfrom\s+"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]);

for (const path of files(worker)) {
  const file = relative(ROOT, path).replaceAll("\\", "/");
  if (file === "worker/worker-configuration.d.ts") continue;
  const development = file.startsWith("worker/sandbox/") || file.startsWith("worker/dev/");
  const inWhatsApp = file.startsWith("worker/channels/whatsapp/") || file === "worker/channels/registry.ts";
  for (const spec of importsOf(readFileSync(path, "utf8"))) {
    if (!development && !inWhatsApp && /(^|\/)(whatsapp\/|graph-client$)/.test(spec)) {
      failures.push(`${file} imports WhatsApp code by name (${spec}): go through channels/registry.ts`);
    }
    const target = spec.startsWith(".") ? relative(ROOT, resolve(dirname(path), spec)).replaceAll("\\", "/") : "";
    if (!development && /^worker\/(sandbox|dev)(\/|$)/.test(target)) {
      failures.push(`${file} imports development-only code (${spec}): inject it from worker/dev/index.ts`);
    }
  }
}

const MARKERS = ["SandboxDO", "/sandbox/graph", "sandboxRoutes", "SIMULATOR_HTML"];
const outdir = mkdtempSync(join(tmpdir(), "edge-inbox-prod-"));
try {
  // wrangler checks that the assets directory exists; the bundle does not depend on its content.
  mkdirSync(join(ROOT, "dist", "web"), { recursive: true });
  const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const args = [wrangler, "deploy", "--dry-run", "--env", "production", "--outdir", outdir];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, env: WRANGLER_ENV, encoding: "utf8" });
  if (run.status !== 0) {
    failures.push(`The production dry-run build failed:\n${run.stdout}${run.stderr}`);
  } else {
    const bundle = readdirSync(outdir)
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(outdir, f), "utf8"))
      .join("\n");
    for (const marker of MARKERS) {
      if (bundle.includes(marker)) failures.push(`The production bundle contains "${marker}" (sandbox code).`);
    }
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exitCode = 1;
} else {
  console.log("No WhatsApp imports outside channels/whatsapp; the production bundle holds no sandbox code.");
}
