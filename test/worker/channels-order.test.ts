/**
 * GET /api/channels lists a tenant's channels newest first. Channel times are kept in whole seconds
 * (`created_at` defaults to unixepoch() * 1000), so channels made in the same second must still come
 * in the order they were made, not in whatever order the database finds them (the template form's
 * default number came from this list; see test/browser/templates.test.mjs).
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, json, seed, signIn } from "./helpers";

let admin: string;

beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
});

async function createWebchat(name: string, domain: string): Promise<string> {
  const res = await call("/api/channels", { cookie: admin, body: { kind: "webchat", name, domain } });
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

describe("GET /api/channels", () => {
  it("lists channels made in the same second newest first, every time", async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push(await createWebchat(`Same second ${n}`, `https://same-second-${n}.example`));
    // As if all three were made within one second (what the whole-second default gives).
    await env.DB.prepare(`UPDATE channels SET created_at = ? WHERE id IN (?, ?, ?)`)
      .bind(Date.parse("2026-12-01T00:00:00Z"), ...ids)
      .run();
    for (let read = 0; read < 3; read++) {
      const { channels } = await json<{ channels: { id: string }[] }>(await call("/api/channels", { cookie: admin }));
      const listed = channels.map((c) => c.id);
      expect(listed.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    }
  });
});
