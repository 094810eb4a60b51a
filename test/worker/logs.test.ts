import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isConstraintViolation } from "../../worker/db/errors";
import { errorForLog } from "../../worker/lib/log";
import { db, seed } from "./helpers";

describe("errors in logs and constraint checks", () => {
  it("log the database's own error, never the bound parameters drizzle puts in its message", async () => {
    await seed();
    const secret = "EAAG-very-secret-access-token";
    let thrown: unknown;
    try {
      // A single drizzle query: duplicate primary key, with a secret among its parameters.
      await db().run(sql`INSERT INTO organizations (id, name) VALUES ('org_demo', ${secret})`);
    } catch (err) {
      thrown = err;
    }
    expect(String(thrown)).toContain(secret); // what a naive log line would have carried
    const line = errorForLog(thrown);
    expect(line).not.toContain(secret);
    expect(line).toMatch(/UNIQUE constraint failed: organizations\.id/);
    expect(isConstraintViolation(thrown)).toBe(true);
    expect(isConstraintViolation(thrown, "CHECK")).toBe(false);
  });

  it("see a constraint failure thrown by a batch, and nothing else", async () => {
    let thrown: unknown;
    try {
      await env.DB.batch([env.DB.prepare("INSERT INTO organizations (id, name) VALUES ('org_demo', 'x')")]);
    } catch (err) {
      thrown = err;
    }
    expect(isConstraintViolation(thrown)).toBe(true);
    expect(isConstraintViolation(new Error("UNIQUE constraint failed"), "CHECK")).toBe(false);
    expect(isConstraintViolation(new Error("network down"))).toBe(false);
  });
});
