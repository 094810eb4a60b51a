// `node --test scripts/chromium.test.mjs`: the fresh-machine Chromium step of `npm run test:browser`,
// checked without uninstalling anything: Chromium is "missing" at a temporary path and apt-get is a
// fake script first on PATH that records its calls.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromiumPlan, ensureChromium } from "./chromium.mjs";

const dir = mkdtempSync(join(tmpdir(), "chromium-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fake apt-get in its own bin dir; `install` creates `target` unless `createBinary` is false. */
function fakeAptGet(name, { exitCode = 0, createBinary = true } = {}) {
  const bin = join(dir, name);
  const calls = join(bin, "calls.log");
  const target = join(bin, "chromium");
  spawnSync("mkdir", ["-p", bin]);
  const create = createBinary ? `if [ "$1" = install ]; then touch "${target}"; fi` : "";
  writeFileSync(
    join(bin, "apt-get"),
    `#!/bin/sh\necho "$* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "${calls}"\necho "fake apt-get progress"\n${create}\nexit ${exitCode}\n`,
  );
  chmodSync(join(bin, "apt-get"), 0o755);
  const env = { PATH: `${bin}:/usr/bin:/bin` };
  const callsMade = () => (existsSync(calls) ? readFileSync(calls, "utf8").trim().split("\n") : []);
  return { env, target, callsMade };
}

test("plan: a present Chromium is used as it is", () => {
  assert.deepEqual(chromiumPlan({ path: "/x", present: true, isRoot: false, hasAptGet: false, overridden: false }), {
    action: "use",
  });
});

test("plan: missing, as root with apt-get, installs with apt-get update then install -y chromium", () => {
  const plan = chromiumPlan({ path: "/x", present: false, isRoot: true, hasAptGet: true, overridden: false });
  assert.equal(plan.action, "install");
  assert.deepEqual(plan.commands, [
    ["apt-get", ["update"]],
    ["apt-get", ["install", "-y", "chromium"]],
  ]);
});

test("plan: missing and not root, or without apt-get, stops with one sentence saying what to run", () => {
  for (const facts of [
    { isRoot: false, hasAptGet: true },
    { isRoot: true, hasAptGet: false },
  ]) {
    const plan = chromiumPlan({ path: "/x", present: false, overridden: false, ...facts });
    assert.equal(plan.action, "stop");
    assert.match(plan.message, /apt-get install -y chromium/);
    assert.match(plan.message, /CHROMIUM_PATH/);
    assert.equal(plan.message.split(/\.\s/).length, 1, "one sentence");
  }
});

test("plan: a CHROMIUM_PATH that does not exist stops (nothing installed over the user's choice)", () => {
  const plan = chromiumPlan({
    path: "/nowhere/chrome",
    present: false,
    isRoot: true,
    hasAptGet: true,
    overridden: true,
  });
  assert.equal(plan.action, "stop");
  assert.match(plan.message, /CHROMIUM_PATH points at \/nowhere\/chrome/);
});

test("ensure: as root with apt-get, installs noninteractively, streams, re-checks and returns the path", () => {
  const fake = fakeAptGet("ok");
  const lines = [];
  const path = ensureChromium({ env: fake.env, defaultPath: fake.target, isRoot: true, log: (l) => lines.push(l) });
  assert.equal(path, fake.target);
  assert.deepEqual(fake.callsMade(), [
    "update DEBIAN_FRONTEND=noninteractive",
    "install -y chromium DEBIAN_FRONTEND=noninteractive",
  ]);
  assert.ok(lines.some((l) => l.includes("$ apt-get install -y chromium")));
});

test("ensure: Chromium already there: apt-get is never called", () => {
  const fake = fakeAptGet("present");
  writeFileSync(fake.target, "");
  assert.equal(ensureChromium({ env: fake.env, defaultPath: fake.target, isRoot: true, log: () => {} }), fake.target);
  assert.deepEqual(fake.callsMade(), []);
});

test("ensure: not root: stops before calling apt-get", () => {
  const fake = fakeAptGet("notroot");
  assert.throws(
    () => ensureChromium({ env: fake.env, defaultPath: fake.target, isRoot: false, log: () => {} }),
    /run `sudo apt-get update && sudo apt-get install -y chromium`/,
  );
  assert.deepEqual(fake.callsMade(), []);
});

test("ensure: apt-get fails: stops with what to run by hand", () => {
  const fake = fakeAptGet("fails", { exitCode: 100 });
  assert.throws(
    () => ensureChromium({ env: fake.env, defaultPath: fake.target, isRoot: true, log: () => {} }),
    /`apt-get update` failed \(exit 100\): install Chromium by hand/,
  );
});

test("ensure: apt-get succeeds but the binary is still missing: says so", () => {
  const fake = fakeAptGet("nobinary", { createBinary: false });
  assert.throws(
    () => ensureChromium({ env: fake.env, defaultPath: fake.target, isRoot: true, log: () => {} }),
    /still missing: set CHROMIUM_PATH/,
  );
});

test("browser-tests.mjs with CHROMIUM_PATH at a missing file exits 1 with one line, before building or serving", () => {
  const script = join(dirname(fileURLToPath(import.meta.url)), "browser-tests.mjs");
  const run = spawnSync(process.execPath, [script], {
    env: { ...process.env, CHROMIUM_PATH: join(dir, "missing-chromium") },
    encoding: "utf8",
  });
  assert.equal(run.status, 1);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], /^test:browser: CHROMIUM_PATH points at .*missing-chromium, which does not exist/);
});
