import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fetchInboundMedia } from "../../worker/rooms/ingest";
import { call, db, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { customerWrites, type MessageJson, messagesOf, roomOfContact } from "./rooms-helpers";

let agent: string;
let supervisor: string;
beforeAll(async () => {
  await seed();
  [agent, supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
});

// A 1x1 PNG.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (c) => c.charCodeAt(0),
);

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const upload = (cookie: string, bytes: Uint8Array, name: string, type = "application/octet-stream") => {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  return exports.default.fetch(
    new Request(`${ORIGIN}/api/media`, {
      method: "POST",
      body: form,
      headers: { cookie: `sid=${cookie}`, origin: ORIGIN },
    }),
  );
};

async function waitForMedia(roomId: string, messageId: string): Promise<MessageJson> {
  for (let i = 0; i < 100; i++) {
    const m = (await messagesOf(agent, roomId)).find((x) => x.id === messageId);
    if (m?.media?.url) return m;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("media never arrived");
}

describe("media (I10)", () => {
  it("fetches a customer's photo from the provider into R2 and serves it to agents only", async () => {
    const form = new FormData();
    form.append("file", new File([PNG], "photo.png", { type: "image/png" }));
    form.append("caption", "the damaged box");
    const sent = await exports.default.fetch(
      new Request(`${ORIGIN}/sandbox/api/customers/6281500000001/messages`, { method: "POST", body: form }),
    );
    expect(sent.status).toBeLessThan(300);
    const room = await roomOfContact(supervisor, "6281500000001");
    const [photo] = await messagesOf(agent, room.id);
    expect(photo).toMatchObject({ kind: "image", text: "the damaged box" });
    const ready = await waitForMedia(room.id, photo?.id ?? "");
    expect(ready.media?.mimeType).toBe("image/png");
    const file = await call(`/api/rooms/${room.id}/messages/${ready.id}/media`, { cookie: agent });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    await expectProblem(await call(`/api/rooms/${room.id}/messages/${ready.id}/media`), 401, "unauthenticated");
  });

  it("uploads an agent's image, typed by its bytes, and sends it to the customer", async () => {
    await customerWrites({ waId: "6281500000002", text: "send me a photo" });
    const room = await roomOfContact(supervisor, "6281500000002");
    const res = await upload(agent, PNG, "looks-like.pdf", "application/pdf");
    expect(res.status).toBe(201);
    const media = await json<{ id: string; mimeType: string }>(res);
    expect(media.mimeType).toBe("image/png");
    const sent = await call(`/api/rooms/${room.id}/messages`, {
      cookie: agent,
      body: { type: "image", mediaId: media.id, text: "here it is" },
    });
    expect(sent.status).toBe(201);
    expect(await json(sent)).toMatchObject({ kind: "image", status: "sent", media: { mimeType: "image/png" } });
    const phone = await exports.default.fetch(`${ORIGIN}/sandbox/api/customers/6281500000002/messages`);
    const { messages } = (await phone.json()) as { messages: { direction: string; type: string }[] };
    expect(messages.some((m) => m.direction === "out" && m.type === "image")).toBe(true);
  });

  it("sends an agent's .docx, a ZIP, as a document the provider takes with its Office type", async () => {
    await customerWrites({ waId: "6281500000003", text: "send me the quote" });
    const room = await roomOfContact(supervisor, "6281500000003");
    // A ZIP local file header whose first entry is [Content_Types].xml, as every .docx starts.
    const name = [..."[Content_Types].xml"].map((c) => c.charCodeAt(0));
    const docx = Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 6, 0, 8, 0, ...new Array(16).fill(0), 19, 0, 0, 0, ...name]);
    const res = await upload(agent, docx, "quote.docx", DOCX);
    expect(res.status).toBe(201);
    const media = await json<{ id: string; mimeType: string }>(res);
    expect(media.mimeType).toBe(DOCX);
    const sent = await call(`/api/rooms/${room.id}/messages`, {
      cookie: agent,
      body: { type: "document", mediaId: media.id },
    });
    expect(sent.status).toBe(201);
    expect(await json(sent)).toMatchObject({ kind: "document", status: "sent", media: { mimeType: DOCX } });
    const phone = await exports.default.fetch(`${ORIGIN}/sandbox/api/customers/6281500000003/messages`);
    const { messages } = (await phone.json()) as { messages: { direction: string; type: string; mediaId: string }[] };
    const out = messages.find((m) => m.direction === "out" && m.type === "document");
    const file = await exports.default.fetch(`${ORIGIN}/sandbox/api/media/${out?.mediaId}`);
    expect(file.headers.get("content-type")).toBe(DOCX);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(docx);
  });

  it("refuses files that are not what they claim, and images over 5 MB", async () => {
    await expectProblem(
      await upload(agent, new TextEncoder().encode("MZ\x90\x00 not a jpeg"), "x.jpg", "image/jpeg"),
      415,
      "unsupported_media_type",
    );
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG.subarray(0, 16));
    await expectProblem(await upload(agent, big, "big.png", "image/png"), 413, "media_too_large");
    const listed = await env.MEDIA.list({ prefix: "uploads/" });
    expect(listed.objects.every((o) => o.size <= 5 * 1024 * 1024)).toBe(true);
  });
});

describe("a customer's file is the one Meta described (issue 12: sha256 checked after download)", () => {
  const base64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

  it("keeps a file whose sha256 matches (Meta's base64 or hex) and refuses one that does not, storing nothing", async () => {
    const form = new FormData();
    form.append("file", new File([PNG], "photo.png", { type: "image/png" }));
    const sent = await exports.default.fetch(
      new Request(`${ORIGIN}/sandbox/api/customers/6281500000009/messages`, { method: "POST", body: form }),
    );
    expect(sent.status).toBeLessThan(300);
    const room = await roomOfContact(supervisor, "6281500000009");
    const [photo] = await messagesOf(agent, room.id);
    // The sandbox's webhook names the file's sha256 (in hex): the download matched it.
    await waitForMedia(room.id, photo?.id ?? "");
    const providerMediaId = (photo?.media as { providerMediaId?: string } | null)?.providerMediaId ?? "";
    expect(providerMediaId).not.toBe("");
    const { channelId } = (await env.DB.prepare("SELECT channel_id AS channelId FROM rooms WHERE id = ?")
      .bind(room.id)
      .first<{ channelId: string }>()) as { channelId: string };
    const job = (messageId: string, sha256: string) =>
      fetchInboundMedia(env, db(), { kind: "media", channelId, roomId: room.id, messageId, providerMediaId, sha256 });
    const keyOf = (messageId: string) => `media/org_demo/${room.id}/${messageId}`;

    await job("checksum-base64", base64(await crypto.subtle.digest("SHA-256", PNG)));
    expect(await env.MEDIA.head(keyOf("checksum-base64"))).not.toBeNull();

    const other = base64(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("another file")));
    await expect(job("checksum-wrong", other)).rejects.toMatchObject({ code: "media_checksum_mismatch" });
    expect(await env.MEDIA.head(keyOf("checksum-wrong"))).toBeNull();
  });
});
