// Rules T1-T3 and I10 end to end through the sandbox: header samples reach Meta as Resumable Upload
// handles; a send carries every header, body and URL button parameter its template needs (and is
// refused 422 before anything is sent when the caller did not give them); a template sample is never
// sent as an attachment; names are unique per WhatsApp Business Account and language.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { outboundMediaProblem, uploadKey } from "../../worker/rooms/outbound";
import { SANDBOX_WABA_ID } from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { sandboxStub } from "../../worker/sandbox/routes";
import { call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { customerWrites, roomOfContact } from "./rooms-helpers";
import { graph } from "./sandbox-helpers";

let admin: string;
let agent: string;
const CHANNEL = "ch_demo_whatsapp";
const MB = 1024 * 1024;

beforeAll(async () => {
  setDeliveryTarget(null);
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
});

interface TemplateJson {
  id: string;
  name: string;
  status: string;
  providerTemplateId: string;
  components: Array<Record<string, unknown>>;
}
interface ProblemJson {
  code: string;
  errors?: Array<{ path: string; code: string }>;
}

const png = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};
const pdf = (size: number) => {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  return bytes;
};

function upload(bytes: Uint8Array, name: string, purpose = "template_sample", cookie = admin) {
  const form = new FormData();
  form.append("purpose", purpose);
  form.append("file", new File([bytes], name));
  return exports.default.fetch(
    new Request(`${ORIGIN}/api/media`, {
      method: "POST",
      headers: { cookie: `sid=${cookie}`, origin: ORIGIN },
      body: form,
    }),
  );
}
const uploaded = async (bytes: Uint8Array, name: string, purpose?: string) =>
  json<{ id: string }>(await upload(bytes, name, purpose));

const submit = (body: unknown) => call("/api/templates", { cookie: admin, body });
async function created(body: unknown): Promise<TemplateJson> {
  const res = await submit(body);
  if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
  return json<TemplateJson>(res);
}
async function approved(body: unknown): Promise<TemplateJson> {
  const template = await created(body);
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}/sandbox/api/templates/${template.providerTemplateId}/review`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "APPROVED" }),
    }),
  );
  expect(res.status).toBe(200);
  return template;
}

const templateDraft = (name: string, components: unknown[], overrides: Record<string, unknown> = {}) => ({
  channelId: CHANNEL,
  name,
  language: "id",
  category: "MARKETING",
  components,
  ...overrides,
});
const body = (text = "Promo akhir pekan untuk Anda.", samples?: string[]) => ({
  type: "BODY",
  text,
  ...(samples ? { example: { body_text: [samples] } } : {}),
});

/** What Meta (the sandbox) holds for a template: its components as submitted. */
async function atProvider(providerTemplateId: string) {
  const res = await graph(`/${SANDBOX_WABA_ID}/message_templates`);
  const list = (await res.json()) as { data: Array<{ id: string; components: Array<Record<string, unknown>> }> };
  return list.data.find((t) => t.id === providerTemplateId);
}

let contactCounter = 0;
async function roomFor(): Promise<{ id: string; waId: string }> {
  const waId = `628139100${String(++contactCounter).padStart(4, "0")}`;
  await customerWrites({ waId, text: "Halo" });
  return { ...(await roomOfContact(admin, waId)), waId };
}
const sandboxMessages = async (waId: string) =>
  (await sandboxStub(env).conversation(waId)).filter((m) => m.direction === "out");

describe("header samples reach Meta as Resumable Upload handles (rules T1, T2)", () => {
  it("submits an IMAGE header with the handle h the upload answered; the stored template keeps our sample id", async () => {
    const sample = await uploaded(png(2000), "photo.png");
    const template = await created(
      templateDraft("rup_image", [
        { type: "HEADER", format: "IMAGE", example: { header_handle: [sample.id] } },
        body(),
      ]),
    );
    expect(template.components[0]).toMatchObject({ example: { header_handle: [sample.id] } });
    const provider = await atProvider(template.providerTemplateId);
    const handle = (provider?.components[0]?.example as { header_handle?: string[] } | undefined)?.header_handle?.[0];
    expect(handle).toMatch(/^4::/);
    expect(handle).not.toBe(sample.id);
  });

  // rule T2 (missing test): a PDF document sample, uploaded and submitted.
  it("takes a PDF sample and submits a DOCUMENT header with it", async () => {
    const res = await upload(pdf(3000), "menu.pdf");
    expect(res.status).toBe(201);
    const sample = await json<{ id: string; mimeType: string }>(res);
    expect(sample.mimeType).toBe("application/pdf");
    const template = await created(
      templateDraft("rup_document", [
        { type: "HEADER", format: "DOCUMENT", example: { header_handle: [sample.id] } },
        body(),
      ]),
    );
    expect(template.status).toBe("PENDING");
    const provider = await atProvider(template.providerTemplateId);
    expect(provider?.components[0]).toMatchObject({ type: "HEADER", format: "DOCUMENT" });
  });

  // rule T2: the stored sample itself is judged at submission, not only the upload's 413.
  it("answers sample_too_large when the stored sample is over the limit", async () => {
    const id = crypto.randomUUID();
    await env.MEDIA.put(uploadKey("org_demo", id), png(7 * MB), {
      httpMetadata: { contentType: "image/png" },
      customMetadata: { filename: "big.png", purpose: "template_sample" },
    });
    const problem = (await expectProblem(
      await submit(
        templateDraft("rup_too_large", [{ type: "HEADER", format: "IMAGE", example: { header_handle: [id] } }, body()]),
      ),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(problem.errors?.map((e) => e.code)).toEqual(["sample_too_large"]);
  });
});

describe("a send carries every parameter its template needs (rule T3)", () => {
  it("refuses 422 template_header_variables_mismatch for a text header with {{1}}, and sends nothing", async () => {
    await approved(
      templateDraft("send_text_header", [
        { type: "HEADER", format: "TEXT", text: "Halo {{1}}", example: { header_text: ["Ayu"] } },
        body(),
      ]),
    );
    const room = await roomFor();
    await expectProblem(
      await call(`/api/rooms/${room.id}/template-messages`, {
        cookie: agent,
        body: { templateName: "send_text_header", language: "id", variables: [] },
      }),
      422,
      "template_header_variables_mismatch",
    );
    expect(await sandboxMessages(room.waId)).toEqual([]);
    // Given the header's value, the send goes out with it, as Meta needs.
    const sent = await call(`/api/rooms/${room.id}/template-messages`, {
      cookie: agent,
      body: { templateName: "send_text_header", language: "id", variables: [], headerVariables: ["Rina"] },
    });
    expect(sent.status).toBe(201);
    expect(await json(sent)).toMatchObject({ status: "sent" });
    const [message] = await sandboxMessages(room.waId);
    const content = JSON.parse(message?.content ?? "{}") as { components: Array<Record<string, unknown>> };
    expect(content.components).toContainEqual({ type: "header", parameters: [{ type: "text", text: "Rina" }] });
  });

  it("refuses 422 template_button_variables_mismatch for a URL button with a {{1}} suffix, and sends nothing", async () => {
    await approved(
      templateDraft("send_url_button", [
        body("Lacak pesanan Anda {{1}}.", ["A-1"]),
        {
          type: "BUTTONS",
          buttons: [
            { type: "QUICK_REPLY", text: "Terima kasih" },
            { type: "URL", text: "Lacak", url: "https://example.com/{{1}}", example: ["https://example.com/A-1"] },
          ],
        },
      ]),
    );
    const room = await roomFor();
    await expectProblem(
      await call(`/api/rooms/${room.id}/template-messages`, {
        cookie: agent,
        body: { templateName: "send_url_button", language: "id", variables: ["A-1"] },
      }),
      422,
      "template_button_variables_mismatch",
    );
    expect(await sandboxMessages(room.waId)).toEqual([]);
    const sent = await call(`/api/rooms/${room.id}/template-messages`, {
      cookie: agent,
      body: { templateName: "send_url_button", language: "id", variables: ["A-1"], buttonVariables: ["A-1"] },
    });
    expect(sent.status).toBe(201);
    const [message] = await sandboxMessages(room.waId);
    const content = JSON.parse(message?.content ?? "{}") as { components: Array<Record<string, unknown>> };
    expect(content.components).toContainEqual({
      type: "button",
      sub_type: "url",
      index: "1",
      parameters: [{ type: "text", text: "A-1" }],
    });
  });

  it("sends an IMAGE header template with its image (the template's sample by default), accepted by the sandbox", async () => {
    const sample = await uploaded(png(3000), "banner.png");
    await approved(
      templateDraft("send_image_header", [
        { type: "HEADER", format: "IMAGE", example: { header_handle: [sample.id] } },
        body("Halo {{1}}, promo untuk Anda.", ["Ayu"]),
      ]),
    );
    const room = await roomFor();
    const sent = await call(`/api/rooms/${room.id}/template-messages`, {
      cookie: agent,
      body: { templateName: "send_image_header", language: "id", variables: ["Rina"] },
    });
    expect(sent.status).toBe(201);
    expect(await json(sent)).toMatchObject({ kind: "template", status: "sent", text: "Halo Rina, promo untuk Anda." });
    const [message] = await sandboxMessages(room.waId);
    const content = JSON.parse(message?.content ?? "{}") as { components: Array<Record<string, unknown>> };
    expect(content.components[0]).toMatchObject({
      type: "header",
      parameters: [{ type: "image", image: { id: expect.stringMatching(/^\d+$/) } }],
    });
    expect(content.components[1]).toEqual({ type: "body", parameters: [{ type: "text", text: "Rina" }] });
  });

  it("the sandbox refuses, like Meta, a send that lacks the header image (132012)", async () => {
    const res = await graph("/100000000000001/messages", {
      json: {
        messaging_product: "whatsapp",
        to: "6281391009999",
        type: "template",
        template: {
          name: "send_image_header",
          language: { code: "id" },
          components: [{ type: "body", parameters: [{ type: "text", text: "Rina" }] }],
        },
      },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 132012 } });
  });
});

describe("a template sample is not an attachment (rule I10)", () => {
  it("a 6 MB sample image is refused as a room attachment with media_not_attachment; nothing reaches the provider", {
    timeout: 30_000,
  }, async () => {
    const sample = await uploaded(png(6 * MB), "big.png");
    const problem = await outboundMediaProblem(env, "org_demo", sample.id);
    expect(problem).toMatchObject({ status: 422, code: "media_not_attachment" });
    const room = await roomFor();
    const res = await call(`/api/rooms/${room.id}/messages`, {
      cookie: agent,
      body: { type: "image", mediaId: sample.id },
    });
    // Refused before anything is charged, stored or sent.
    await expectProblem(res, 422, "media_not_attachment");
    expect(await sandboxMessages(room.waId)).toEqual([]);
    const { messages } = await json<{ messages: unknown[] }>(
      await call(`/api/rooms/${room.id}/messages`, { cookie: agent }),
    );
    expect(messages.filter((m) => (m as { direction: string }).direction === "out")).toEqual([]);
  });

  it("an attachment within the limit may be sent; an unknown one is media_missing", async () => {
    const attachment = await uploaded(png(1000), "small.png", "attachment");
    expect(await outboundMediaProblem(env, "org_demo", attachment.id)).toBeNull();
    expect(await outboundMediaProblem(env, "org_demo", "no-such-file")).toMatchObject({ code: "media_missing" });
  });
});

describe("names are unique per WhatsApp Business Account and language (rule T1)", () => {
  it("name_taken on another channel of the same WABA in the same language; free in another language", async () => {
    await env.DB.prepare(
      "INSERT OR IGNORE INTO channels (id, organization_id, name, provider_key, config, updated_at) VALUES ('ch_demo_second', 'org_demo', 'Second', '100000000000002', json_object('displayPhoneNumber', '+62 811 0000 0002', 'wabaId', ?, 'accessToken', 'sandbox-access-token', 'appSecret', 'sandbox-app-secret', 'verifyToken', 'verify-second', 'metaAppId', NULL), 0)",
    )
      .bind(SANDBOX_WABA_ID)
      .run();
    await created(templateDraft("waba_shared", [body()]));
    const problem = (await expectProblem(
      await submit(templateDraft("waba_shared", [body()], { channelId: "ch_demo_second" })),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(problem.errors?.map((e) => e.code)).toEqual(["name_taken"]);
    const other = await created(
      templateDraft("waba_shared", [body()], { channelId: "ch_demo_second", language: "en" }),
    );
    expect(other.status).toBe("PENDING");
  });
});

// rule T2: length limits are rules, reported with every other failed rule (not hidden by the shape).
describe("POST /api/templates: a long body, footer and label are rule errors, all at once", () => {
  it("answers body_too_long for 9000 characters, with footer_too_long, button_text_too_long and leading_space", async () => {
    const problem = (await expectProblem(
      await submit(
        templateDraft("long_everything", [
          body(` ${"x".repeat(9000)}`),
          { type: "FOOTER", text: "f".repeat(70) },
          { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "b".repeat(30) }] },
        ]),
      ),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "components.0.text", code: "body_too_long" }),
        expect.objectContaining({ path: "components.0.text", code: "leading_space" }),
        expect.objectContaining({ path: "components.1.text", code: "footer_too_long" }),
        expect.objectContaining({ path: "components.2.buttons.0.text", code: "button_text_too_long" }),
      ]),
    );
  });

  it("keeps a hard cap against abuse: a body over 64 KB is refused by shape", async () => {
    const problem = (await expectProblem(
      await submit(templateDraft("huge_body", [body("x".repeat(64 * 1024 + 1))])),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(problem.errors?.map((e) => e.code)).not.toContain("body_too_long");
  });
});

// rule I10: the declared size is checked before the upload is read.
describe("POST /api/media refuses an oversized upload before reading it", () => {
  it("answers 413 media_too_large for a declared content-length over the largest file, without waiting for the body", {
    timeout: 10_000,
  }, async () => {
    let pulled = 0;
    // A body that never ends: only a route that refuses before reading can answer.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled === 1) controller.enqueue(new TextEncoder().encode("--x\r\n"));
      },
    });
    const res = await Promise.race([
      exports.default.fetch(
        new Request(`${ORIGIN}/api/media`, {
          method: "POST",
          headers: {
            cookie: `sid=${agent}`,
            origin: ORIGIN,
            "content-type": "multipart/form-data; boundary=x",
            "content-length": String(200 * MB),
          },
          body: stream,
        }),
      ),
      new Promise<Response>((resolve) => setTimeout(() => resolve(new Response("timed out", { status: 599 })), 3000)),
    ]);
    await expectProblem(res, 413, "media_too_large");
  });

  it("still stores an attachment within the limit, with its size", async () => {
    const res = await upload(png(4000), "ok.png", "attachment", agent);
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ mimeType: "image/png", size: 4000 });
  });
});

// rule T1: a channel's meta_app_id names the app its samples upload to.
describe("the channel's Meta app id", () => {
  it("uploads the sample to the channel's meta_app_id: an app the provider does not know refuses, and nothing is kept", async () => {
    await env.DB.prepare("UPDATE channels SET config = json_set(config, '$.metaAppId', '999000000000001') WHERE id = ?")
      .bind(CHANNEL)
      .run();
    try {
      const sample = await uploaded(png(1500), "photo.png");
      const draft = templateDraft("app_id_unknown", [
        { type: "HEADER", format: "IMAGE", example: { header_handle: [sample.id] } },
        body(),
      ]);
      await expectProblem(await submit(draft), 422, "provider_rejected");
      const list = await json<{ templates: { name: string }[] }>(await call("/api/templates", { cookie: admin }));
      expect(list.templates.map((t) => t.name)).not.toContain("app_id_unknown");
    } finally {
      await env.DB.prepare("UPDATE channels SET config = json_set(config, '$.metaAppId', NULL) WHERE id = ?")
        .bind(CHANNEL)
        .run();
    }
  });
});
