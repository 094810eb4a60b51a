// Finds the Chromium the browser tests drive and, on a fresh machine, installs Debian's when it can
// (root with apt-get on PATH), so that `npm install && npm test` needs no other step.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

function onPath(command, pathVariable) {
  return (pathVariable ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, command)));
}

/**
 * What to do about Chromium, decided from the facts alone (no I/O of its own):
 * { action: "use" } | { action: "install", commands } | { action: "stop", message }.
 */
export function chromiumPlan({ path, present, isRoot, hasAptGet, overridden }) {
  if (present) return { action: "use" };
  if (overridden) {
    return {
      action: "stop",
      message: `CHROMIUM_PATH points at ${path}, which does not exist: point it at a Chromium binary or unset it to use ${DEFAULT_CHROMIUM}.`,
    };
  }
  if (isRoot && hasAptGet) {
    return {
      action: "install",
      commands: [
        ["apt-get", ["update"]],
        ["apt-get", ["install", "-y", "chromium"]],
      ],
    };
  }
  return {
    action: "stop",
    message: `Chromium is missing at ${path}: run \`sudo apt-get update && sudo apt-get install -y chromium\` (or set CHROMIUM_PATH to a Chromium binary), then run the tests again.`,
  };
}

/** Returns the Chromium path to use, installing it first if the plan says so; an error's message is one sentence. */
export function ensureChromium({
  env = process.env,
  log = console.log,
  defaultPath = DEFAULT_CHROMIUM,
  isRoot = typeof process.getuid === "function" && process.getuid() === 0,
} = {}) {
  const overridden = env.CHROMIUM_PATH !== undefined && env.CHROMIUM_PATH !== "";
  const path = overridden ? env.CHROMIUM_PATH : defaultPath;
  const plan = chromiumPlan({
    path,
    present: existsSync(path),
    isRoot,
    hasAptGet: onPath("apt-get", env.PATH),
    overridden,
  });
  if (plan.action === "use") return path;
  if (plan.action === "stop") throw new Error(plan.message);
  log(`Chromium is missing at ${path}; installing Debian's chromium with apt-get (this takes a minute or two).`);
  for (const [command, args] of plan.commands) {
    log(`$ ${command} ${args.join(" ")}`);
    // inherit: apt-get's progress lines stream to the terminal as they come.
    const run = spawnSync(command, args, {
      stdio: "inherit",
      env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (run.status !== 0) {
      throw new Error(
        `\`${command} ${args.join(" ")}\` failed (${run.error?.message ?? `exit ${run.status}`}): install Chromium by hand with \`apt-get update && apt-get install -y chromium\`, then run the tests again.`,
      );
    }
  }
  if (!existsSync(path)) {
    throw new Error(
      `apt-get installed chromium but ${path} is still missing: set CHROMIUM_PATH to the Chromium binary, then run the tests again.`,
    );
  }
  log(`Chromium installed at ${path}.`);
  return path;
}
