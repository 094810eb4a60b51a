/**
 * Issue 11, finding 6 and the R2 keys of finding 7: files served from our origin never run as the
 * agent, and message answers never carry an internal storage key. Rule I10 (media).
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { roomStub } from "../../worker/rooms/room-stub";
import { call, seed, signIn } from "./helpers";
import { customerWrites, messagesOf, openSocket, roomOfContact, seconds, wamid } from "./rooms-helpers";

let agent: string;
let supervisor: string;
beforeAll(async () => {
  await seed();
  [agent, supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
});

const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (c) => c.charCodeAt(0),
);

/** A customer's document whose file the provider says is `mimeType`, stored as it would be. */
async function customerFile(waId: string, bytes: Uint8Array | string, mimeType: string, filename: string) {
  await customerWrites({
    waId,
    message: {
      id: wamid(),
      timestamp: seconds(Date.now()),
      type: "document",
      document: { id: `media-${waId}`, mime_type: mimeType, filename },
    },
  });
  const room = await roomOfContact(supervisor, waId);
  const [message] = await messagesOf(agent, room.id);
  if (!message) throw new Error("no message");
  const key = `media/test/${room.id}/${message.id}`;
  const object = await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: mimeType } });
  await roomStub(env, room.id).attachMedia(message.id, { key, mimeType, size: object?.size ?? 0 });
  return { room, message, path: `/api/rooms/${room.id}/messages/${message.id}/media` };
}

const SANDBOX_CSP = /(^|;)\s*sandbox\b/;

describe("finding 6: media answers cannot run as the agent (I10)", () => {
  it("serves an HTML file as a download, never inline, with nosniff and a sandboxing CSP", async () => {
    const { path } = await customerFile(
      "6281388000001",
      "<script>alert(document.cookie)</script>",
      "text/html",
      "x.html",
    );
    const res = await call(path, { cookie: agent });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(res.headers.get("content-type")).not.toMatch(/html/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(SANDBOX_CSP);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    await res.arrayBuffer();
  });

  it("serves an SVG image as a download too (it can carry script)", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const { path } = await customerFile("6281388000002", svg, "image/svg+xml", "logo.svg");
    const res = await call(path, { cookie: agent });
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(res.headers.get("content-type")).not.toMatch(/svg/);
    await res.arrayBuffer();
  });

  it("serves images, audio, video and PDF inline, still sandboxed and nosniff", async () => {
    const { path } = await customerFile("6281388000003", PNG, "image/png", "photo.png");
    const res = await call(path, { cookie: agent });
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toMatch(/^inline/);
    expect(res.headers.get("content-security-policy")).toMatch(SANDBOX_CSP);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
  });

  it("keeps a hostile file name out of the header", async () => {
    const { path } = await customerFile("6281388000004", "a,b", "text/csv", 'evil"\r\nSet-Cookie: x=1;.csv');
    const res = await call(path, { cookie: agent });
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment/);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(disposition).not.toMatch(/[\r\n]/);
    await res.arrayBuffer();
  });
});

describe("finding 7: message answers carry no R2 key", () => {
  it("lists messages with a media url and no storage key, and the url serves the file", async () => {
    const { room, message } = await customerFile("6281388000010", PNG, "image/png", "p.png");
    const res = await call(`/api/rooms/${room.id}/messages`, { cookie: agent });
    const text = await res.text();
    expect(text).not.toContain("media/test/");
    expect(text).not.toContain('"key"');
    const listed = (JSON.parse(text) as { messages: { id: string; media: { url: string | null } | null }[] }).messages;
    const url = listed.find((m) => m.id === message.id)?.media?.url;
    expect(url).toBe(`/api/rooms/${room.id}/messages/${message.id}/media`);
    const file = await call(url as string, { cookie: agent });
    expect(file.status).toBe(200);
    await file.arrayBuffer();
  });

  it("sends no storage key over the room's socket either", async () => {
    const { room } = await customerFile("6281388000011", PNG, "image/png", "q.png");
    const socket = await openSocket(`/api/rooms/${room.id}/ws`, agent);
    try {
      await socket.waitFor((e) => e.type === "message.created" || e.type === "message.updated");
      expect(JSON.stringify(socket.events)).not.toContain("media/test/");
    } finally {
      socket.close();
    }
  });
});
