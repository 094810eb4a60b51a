import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
  STATUS_DELAYS_MS,
} from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { sandboxStub } from "../../worker/sandbox/routes";
import {
  type Captured,
  captureDeliveries,
  expectedSignature,
  graph,
  runAlarmsUntil,
  sandbox,
  sleep,
  statusesOf,
} from "./sandbox-helpers";

let captured: Captured[];
beforeEach(() => {
  captured = captureDeliveries();
});
afterEach(() => setDeliveryTarget(null));

const MESSAGES = `/${SANDBOX_PHONE_NUMBER_ID}/messages`;

type SendAnswer = {
  messaging_product: string;
  contacts: { input: string; wa_id: string }[];
  messages: { id: string }[];
};
type MetaError = {
  error: { message: string; type: string; code: number; error_data?: { details: string }; fbtrace_id: string };
};

async function sendText(to: string, body: string) {
  const res = await graph(MESSAGES, {
    json: { messaging_product: "whatsapp", recipient_type: "individual", to, type: "text", text: { body } },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as SendAnswer;
}

describe("fake Graph API: POST /{phone_number_id}/messages", () => {
  it("answers a text send in Meta's format and records it for the customer", async () => {
    const answer = await sendText("+62 812-0000-0101", "Halo, pesanan Anda sudah dikirim");
    expect(answer).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: "+62 812-0000-0101", wa_id: "6281200000101" }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/]+=*$/) }],
    });
    const wamid = answer.messages[0]?.id as string;

    const res = await sandbox("/api/customers/6281200000101/messages");
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: Array<Record<string, unknown>> };
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      id: wamid,
      waId: "6281200000101",
      direction: "out",
      type: "text",
      text: "Halo, pesanan Anda sudah dikirim",
      status: expect.stringMatching(/^(accepted|sent|delivered|read)$/),
    });
  });

  it("refuses a missing or wrong access token with Meta's OAuth error and status 401", async () => {
    const body = { messaging_product: "whatsapp", to: "6281200000102", type: "text", text: { body: "x" } };
    for (const token of [null, "wrong-token"]) {
      const res = await graph(MESSAGES, { json: body, token });
      expect(res.status).toBe(401);
      const json = (await res.json()) as MetaError;
      expect(json.error).toMatchObject({ type: "OAuthException", code: 190 });
      expect(json.error.message).toMatch(/access token/i);
      expect(json.error.fbtrace_id).toMatch(/\S+/);
    }
    expect(await sandboxStub(env).conversation("6281200000102")).toEqual([]);
  });

  it("answers 131026 Message undeliverable for a 62800... recipient", async () => {
    const res = await graph(MESSAGES, {
      json: { messaging_product: "whatsapp", to: "+62 800 1234 5678", type: "text", text: { body: "hi" } },
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as MetaError;
    expect(json.error).toMatchObject({
      message: "(#131026) Message undeliverable",
      type: "OAuthException",
      code: 131026,
      error_data: { details: expect.any(String) },
      fbtrace_id: expect.any(String),
    });
    await runAlarmsUntil(() => false, 3);
    const about = captured.flatMap((c) => c.json.entry[0]?.changes[0]?.value.statuses ?? []);
    expect(about.filter((s) => s.recipient_id === "6280012345678")).toEqual([]);
    const [failed] = await sandboxStub(env).conversation("6280012345678");
    expect(failed).toMatchObject({ direction: "out", status: "failed", error: { code: 131026 } });
  });

  it("answers Meta's errors for an unknown phone number id and missing parameters", async () => {
    const unknown = await graph("/999/messages", { json: { messaging_product: "whatsapp" } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as MetaError).error).toMatchObject({ type: "GraphMethodException", code: 100 });

    const noTo = await graph(MESSAGES, { json: { messaging_product: "whatsapp", type: "text", text: { body: "x" } } });
    expect(noTo.status).toBe(400);
    expect(((await noTo.json()) as MetaError).error).toMatchObject({
      code: 100,
      message: expect.stringContaining("to"),
    });

    const noProduct = await graph(MESSAGES, { json: { to: "6281200000103", type: "text", text: { body: "x" } } });
    expect(((await noProduct.json()) as MetaError).error.message).toContain("messaging_product");
  });

  it("sends signed status webhooks sent, delivered, read in order, driven by alarms", async () => {
    const answer = await sendText("6281200000104", "Status please");
    const wamid = answer.messages[0]?.id as string;
    await runAlarmsUntil(() => statusesOf(captured, wamid).length >= 3);

    const statuses = statusesOf(captured, wamid);
    expect(statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    const times = statuses.map((s) => Number(s.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const s of statuses) expect(s.recipient_id).toBe("6281200000104");

    for (const delivery of captured) {
      expect(delivery.url).toBe(`${env.APP_URL}/webhooks/whatsapp`);
      expect(delivery.method).toBe("POST");
      expect(delivery.contentType).toBe("application/json");
      expect(delivery.signature).toBe(await expectedSignature(delivery.raw));
      expect(delivery.json).toMatchObject({
        object: "whatsapp_business_account",
        entry: [
          {
            id: SANDBOX_WABA_ID,
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: {
                    display_phone_number: SANDBOX_DISPLAY_PHONE_NUMBER,
                    phone_number_id: SANDBOX_PHONE_NUMBER_ID,
                  },
                },
              },
            ],
          },
        ],
      });
    }
    const [message] = await sandboxStub(env).conversation("6281200000104");
    expect(message?.status).toBe("read");
  });

  /**
   * Sends to the first phone and holds its first webhook; meanwhile sends to the others and waits
   * until their "sent" statuses are due: they then go out together in the next webhook (index 1).
   * `answers[i]`: the answer to webhook i (200 when not given).
   */
  async function sendWhileFirstWebhookWaits(phones: string[], answers: number[]) {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    captured = captureDeliveries(async (index) => {
      if (index === 0) await held;
      return answers[index] ?? 200;
    });
    const [first, ...rest] = phones as [string, ...string[]];
    const sentFirst = await sendText(first, "batched");
    // An alarm run that posts the first webhook lasts until it is released, so it is not awaited
    // here: awaiting it would wait for the release that comes after (a deadlock whenever the test's
    // run, not the alarm firing by itself, is the one that posts it).
    const stub = sandboxStub(env);
    const runs: Promise<boolean>[] = [];
    for (let i = 0; i < 50 && captured.length === 0; i++) {
      runs.push(runDurableObjectAlarm(stub));
      await sleep(100);
    }
    expect(captured.length).toBe(1);
    const sentRest = await Promise.all(rest.map((to) => sendText(to, "batched")));
    await sleep(STATUS_DELAYS_MS.sent + 50);
    release();
    await Promise.all(runs);
    return [sentFirst, ...sentRest].map((a) => a.messages[0]?.id as string);
  }

  it("puts statuses due together in one webhook, as Meta batches them, each message's still in order", async () => {
    const phones = ["6281200000140", "6281200000141", "6281200000142", "6281200000143", "6281200000144"];
    const wamids = await sendWhileFirstWebhookWaits(phones, []);
    const allIn = () => wamids.every((w) => statusesOf(captured, w).length >= 3);
    await runAlarmsUntil(allIn);
    expect(allIn()).toBe(true);
    // The four "sent" that fell due while the first webhook waited travel together in the next one.
    const sent = (captured[1]?.json.entry[0]?.changes[0]?.value.statuses ?? []).filter((s) => s.status === "sent");
    expect(sent.map((s) => s.id).sort()).toEqual(wamids.slice(1).sort());
    expect(captured.length).toBeLessThan(15);
    for (const delivery of captured) expect(delivery.signature).toBe(await expectedSignature(delivery.raw));
    for (const wamid of wamids) {
      expect(statusesOf(captured, wamid).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    }
  });

  it("retries every status of a batched webhook the platform refuses, and loses none", async () => {
    const phones = ["6281200000145", "6281200000146", "6281200000147", "6281200000148"];
    const wamids = await sendWhileFirstWebhookWaits(phones, [200, 503]);
    const allIn = () => wamids.every((w) => statusesOf(captured, w).some((s) => s.status === "read"));
    await runAlarmsUntil(allIn, 60);
    expect(allIn()).toBe(true);
    const refused = captured[1]?.json.entry[0]?.changes[0]?.value.statuses ?? [];
    expect(refused.filter((r) => r.status === "sent").length).toBe(3);
    for (const wamid of wamids) {
      // Each status of the refused batch is sent again, in its place among its message's statuses.
      const expected = ["sent", "delivered", "read"].flatMap((status) =>
        refused.some((r) => r.id === wamid && r.status === status) ? [status, status] : [status],
      );
      expect(statusesOf(captured, wamid).map((s) => s.status)).toEqual(expected);
    }
    const deliveries = await sandboxStub(env).deliveries(20);
    for (const wamid of wamids) {
      expect(deliveries.find((d) => d.messageId === wamid && d.status === "sent")).toMatchObject({
        state: "delivered",
      });
    }
  }, 20_000);

  it("loses no pending status webhook when the Durable Object is evicted", async () => {
    const wamid = (await sendText("6281200000109", "survive eviction")).messages[0]?.id as string;
    await evictDurableObject(sandboxStub(env));
    await runAlarmsUntil(() => statusesOf(captured, wamid).length >= 3);
    expect(statusesOf(captured, wamid).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
  });

  it("retries a status webhook the platform refuses, keeping the order, until it is taken", async () => {
    let refuse = 2;
    captured = captureDeliveries(() => (refuse-- > 0 ? 503 : 200));
    const wamid = (await sendText("6281200000105", "retry me")).messages[0]?.id as string;
    await runAlarmsUntil(() => statusesOf(captured, wamid).length >= 5, 60);
    const statuses = statusesOf(captured, wamid).map((s) => s.status);
    expect(statuses).toEqual(["sent", "sent", "sent", "delivered", "read"]);
    const deliveries = await sandboxStub(env).deliveries(10);
    const sent = deliveries.find((d) => d.messageId === wamid && d.status === "sent");
    expect(sent).toMatchObject({ state: "delivered", attempts: 3, lastStatus: 200 });
  }, 20_000);

  it("accepts media by id or link, templates with parameters and replies with context", async () => {
    const to = "6281200000106";
    const image = await graph(MESSAGES, {
      json: {
        messaging_product: "whatsapp",
        to,
        type: "image",
        image: { link: "https://example.com/a.jpg", caption: "Nota" },
      },
    });
    expect(image.status).toBe(200);
    const template = await graph(MESSAGES, {
      json: {
        messaging_product: "whatsapp",
        to,
        type: "template",
        template: {
          name: "order_update",
          language: { code: "id" },
          components: [
            {
              type: "body",
              parameters: [
                { type: "text", text: "Budi" },
                { type: "text", text: "#123" },
              ],
            },
          ],
        },
      },
    });
    expect(template.status).toBe(200);
    const templateAnswer = (await template.json()) as { messages: Array<{ id: string; message_status?: string }> };
    expect(templateAnswer.messages[0]?.message_status).toBe("accepted");
    const first = (await image.json()) as SendAnswer;
    const reply = await graph(MESSAGES, {
      json: {
        messaging_product: "whatsapp",
        to,
        type: "text",
        context: { message_id: first.messages[0]?.id },
        text: { body: "see above" },
      },
    });
    expect(reply.status).toBe(200);
    const badMedia = await graph(MESSAGES, {
      json: { messaging_product: "whatsapp", to, type: "video", video: {} },
    });
    expect(badMedia.status).toBe(400);

    const conversation = await sandboxStub(env).conversation(to);
    expect(conversation.map((m) => [m.type, m.text])).toEqual([
      ["image", "Nota"],
      ["template", "[template order_update (id)] Budi | #123"],
      ["text", "see above"],
    ]);
    expect(conversation[0]?.mediaLink).toBe("https://example.com/a.jpg");
    expect(conversation[2]?.contextId).toBe(first.messages[0]?.id);
  });

  it("fails a message whose media id does not exist by a failed status webhook (131053)", async () => {
    const res = await graph(MESSAGES, {
      json: { messaging_product: "whatsapp", to: "6281200000107", type: "image", image: { id: "1999999999999999" } },
    });
    expect(res.status).toBe(200);
    const wamid = ((await res.json()) as SendAnswer).messages[0]?.id as string;
    await runAlarmsUntil(() => statusesOf(captured, wamid).length >= 1);
    await runAlarmsUntil(() => false, 3);
    const statuses = statusesOf(captured, wamid);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ status: "failed", errors: [{ code: 131053, title: "Media upload error" }] });
    const [message] = await sandboxStub(env).conversation("6281200000107");
    expect(message).toMatchObject({ status: "failed", error: { code: 131053 } });
  });
});

describe("fake Graph API: media", () => {
  it("uploads, describes and downloads media (bytes in R2 under sandbox/)", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
    const form = new FormData();
    form.append("messaging_product", "whatsapp");
    form.append("type", "image/png");
    form.append("file", new File([bytes], "receipt.png", { type: "image/png" }));
    const upload = await graph(`/${SANDBOX_PHONE_NUMBER_ID}/media`, { method: "POST", body: form });
    expect(upload.status).toBe(200);
    const { id } = (await upload.json()) as { id: string };
    expect(id).toMatch(/^\d{16}$/);

    const info = await graph(`/${id}`);
    expect(info.status).toBe(200);
    const json = (await info.json()) as Record<string, string>;
    const sha = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect(json).toEqual({
      url: expect.stringMatching(new RegExp(`^${env.APP_URL}/sandbox/media/${id}`)),
      mime_type: "image/png",
      sha256: sha,
      file_size: String(bytes.length),
      id,
      messaging_product: "whatsapp",
    });
    expect(await env.MEDIA.head(`sandbox/${id}`)).not.toBeNull();

    const path = (json.url as string).slice(`${env.APP_URL}/sandbox`.length);
    const refused = await sandbox(path);
    expect(refused.status).toBe(401);
    const download = await sandbox(path, { headers: { authorization: "Bearer sandbox-access-token" } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);

    // A message by that id is delivered normally.
    const send = await graph(MESSAGES, {
      json: { messaging_product: "whatsapp", to: "6281200000108", type: "image", image: { id } },
    });
    expect(send.status).toBe(200);

    const deleted = await graph(`/${id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ success: true });
    expect((await graph(`/${id}`)).status).toBe(400);
    expect(await env.MEDIA.head(`sandbox/${id}`)).toBeNull();
  });

  it("refuses an unsupported type or an oversized image with Meta's 131053", async () => {
    // I10: Meta's supported media types name no executable, no text/csv and no bare ZIP.
    for (const type of ["application/x-msdownload", "text/csv", "application/zip"]) {
      const form = new FormData();
      form.append("messaging_product", "whatsapp");
      form.append("file", new File(["MZ"], "file", { type }));
      const res = await graph(`/${SANDBOX_PHONE_NUMBER_ID}/media`, { method: "POST", body: form });
      expect(res.status).toBe(400);
      expect(((await res.json()) as MetaError).error.code).toBe(131053);
    }

    const big = new FormData();
    big.append("messaging_product", "whatsapp");
    big.append("file", new File([new Uint8Array(5 * 1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" }));
    const tooBig = await graph(`/${SANDBOX_PHONE_NUMBER_ID}/media`, { method: "POST", body: big });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as MetaError).error.error_data?.details).toMatch(/at most/);
  });

  it("describes the sandbox phone number", async () => {
    const res = await graph(`/${SANDBOX_PHONE_NUMBER_ID}`);
    expect(await res.json()).toMatchObject({ id: SANDBOX_PHONE_NUMBER_ID, display_phone_number: "+62 811 0000 0001" });
  });
});
