// `npm run bench`: runs every benchmark of bench/ in turn; `npm run bench -- <name>` runs one,
// `npm run bench -- list` lists them. Each benchmark starts what it needs on loopback, prints a table
// and appends its figures to BENCHMARKS.md (see there).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../scripts/dev-server.mjs";

const BENCHMARKS = {
  fanout: {
    file: "fanout.mjs",
    about:
      "1, 10, 100, 500 agents on one room and the tenant feed: webhook-to-socket latency (p50, p99) and deliveries/s, ours / a bare Durable Object relay (bench/relay) (about 1.5 min)",
  },
  ingest: {
    file: "ingest.mjs",
    about:
      "ours and the floor (bench/floor) under the same signed webhooks, new and known customers, ours / floor for messages/s and ack p50, every message checked exactly once on both (about 4 min)",
  },
  campaign: {
    file: "campaign.mjs",
    about:
      "5,000 recipients against the sandbox at 80 and 1,000 messages/s: time to the last send, achieved rate / cap (>= 0.8, never above it in a second), 0 lost, 0 doubled (about 3 min)",
  },
  boot: {
    file: "boot.mjs",
    about: "`npm start` on an installed checkout to the first HTTP 200, three times (needs ports 8787 and 9229 free)",
  },
  bundle: {
    file: "bundle.mjs",
    about: "gzip size of the web app's initial JavaScript and CSS, built from the last commit",
  },
  search: {
    file: "search.mjs",
    about:
      "the inbox list and search (no match, a number, a rare word) and a filter at 1,000 and 200,000 rooms, 200k / 1k (near 1) and against the plain list at 1k (about 5 min)",
  },
  inbox: {
    file: "inbox.mjs",
    about: "Chromium: time from clicking Sign in to a usable inbox, budget 1 s (needs Chromium)",
  },
  profile: {
    file: "profile.mjs",
    about:
      "not a benchmark (only by name): a CPU profile of our Worker under the ingest load, the functions with the most samples (about 1.5 min)",
    byNameOnly: true,
  },
};

const [name, ...rest] = process.argv.slice(2);

function list() {
  console.log("Benchmarks (`npm run bench` runs them all, `npm run bench -- <name>` one):\n");
  for (const [key, b] of Object.entries(BENCHMARKS)) {
    const missing = existsSync(join(ROOT, "bench", b.file)) ? "" : ` [bench/${b.file} is not there yet]`;
    console.log(`  ${key.padEnd(7)} ${b.about}${missing}`);
  }
  console.log("\nEach prints a table and appends its figures, with date, commit and machine, to BENCHMARKS.md.");
}

function run(key) {
  const file = join(ROOT, "bench", BENCHMARKS[key].file);
  if (!existsSync(file)) {
    console.error(`bench ${key}: bench/${BENCHMARKS[key].file} is not there yet.`);
    return Promise.resolve(2);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...rest], { cwd: ROOT, stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (name === "list") {
  list();
  process.exit(0);
}
if (!name || name === "all") {
  let worst = 0;
  for (const key of Object.keys(BENCHMARKS)) {
    if (BENCHMARKS[key].byNameOnly) continue;
    console.log(`\n=== ${key} ===`);
    worst = Math.max(worst, await run(key));
  }
  process.exit(worst);
}
if (!Object.hasOwn(BENCHMARKS, name)) {
  console.error(`No benchmark called "${name}".\n`);
  list();
  process.exit(2);
}
process.exit(await run(name));
