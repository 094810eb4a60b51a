/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import {
  DELIVERY_STATUSES as CHANNEL_DELIVERY_STATUSES,
  MESSAGE_KINDS as CHANNEL_MESSAGE_KINDS,
} from "../../worker/channels/types";
import { DELIVERY_STATUSES, MESSAGE_KINDS } from "../../worker/domain/types";

/**
 * worker/domain/ is pure: rules taking `now`, no I/O. It imports only other modules of domain/.
 * Biome's noRestrictedImports (biome.json, override for worker/domain/**) refuses drizzle-orm, hono,
 * cloudflare:* and `../`; this test also catches what a glob cannot see, such as `./x/../../db`,
 * a dynamic import() or a bare package.
 */
const sources = import.meta.glob("../../worker/domain/**/*.ts", { query: "?raw", import: "default", eager: true });

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

function normalize(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

/** The imports of a domain module (its path relative to worker/domain/) that leave domain/. */
function importsLeavingDomain(file: string, source: string): string[] {
  const dir = file.split("/").slice(0, -1).join("/");
  const leaving: string[] = [];
  for (const match of source.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? "";
    const inside = specifier.startsWith("./") || specifier.startsWith("../") ? normalize(`${dir}/${specifier}`) : null;
    if (inside === null) leaving.push(specifier);
  }
  return leaving;
}

describe("domain purity (issue 10)", () => {
  it("reads every domain module", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it("no domain module imports anything outside domain/", () => {
    const offenders = Object.entries(sources).flatMap(([path, source]) => {
      const file = path.replace("../../worker/domain/", "");
      return importsLeavingDomain(file, source as string).map((specifier) => `${file}: ${specifier}`);
    });
    expect(offenders).toEqual([]);
  });

  it("the check catches every way out", () => {
    const source = [
      'import { eq } from "drizzle-orm";',
      'import type { Hono } from "hono";',
      'import { env } from "cloudflare:workers";',
      'import type { Db } from "../db/client";',
      'import { schema } from "./sub/../../db/schema";',
      'export { log } from "../lib/log";',
      'const graph = await import("../channels/graph-client");',
      'import "./window";',
      'import { windowState } from "./window";',
      'import type { Role } from "./types";',
    ].join("\n");
    expect(importsLeavingDomain("room.ts", source)).toEqual([
      "drizzle-orm",
      "hono",
      "cloudflare:workers",
      "../db/client",
      "./sub/../../db/schema",
      "../lib/log",
      "../channels/graph-client",
    ]);
    expect(importsLeavingDomain("rules/send.ts", 'import { x } from "../window";')).toEqual([]);
  });

  it("the domain's message kinds and delivery statuses are the channels' (one vocabulary)", () => {
    expect([...MESSAGE_KINDS]).toEqual([...CHANNEL_MESSAGE_KINDS]);
    expect([...DELIVERY_STATUSES]).toEqual([...CHANNEL_DELIVERY_STATUSES]);
  });
});
