// Rules T1-T3 through the API: validation of every rule at once, submission to the (sandbox)
// provider, review and quality by webhook, immutability, delete, filters, samples, sending.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_WABA_ID, TEMPLATE_REJECT_MARKER, TEMPLATE_REJECT_REASON } from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { sandboxStub } from "../../worker/sandbox/routes";
import { call, expectProblem, json, ORIGIN, seedAndSignIn } from "./helpers";
import { customerWrites, roomOfContact } from "./rooms-helpers";
import { graph, sleep } from "./sandbox-helpers";

let admin: string;
let agent: string;
let other: string;

const CHANNEL = "ch_demo_whatsapp";
const MB = 1024 * 1024;

beforeAll(async () => {
  setDeliveryTarget(null);
  [admin, agent, other] = await seedAndSignIn("admin@demo.test", "agent@demo.test", "boss@other.test");
  await env.DB.prepare(
    "INSERT OR IGNORE INTO channels (id, organization_id, name, provider_key, config, updated_at) VALUES ('ch_other', 'org_other', 'Other', '100000000000099', json_object('displayPhoneNumber', '+62 811 9', 'wabaId', '200000000000099', 'accessToken', 'token-other', 'appSecret', 'secret-other', 'verifyToken', 'verify-other', 'metaAppId', NULL), 0)",
  ).run();
});

interface TemplateJson {
  id: string;
  channelId: string;
  name: string;
  language: string;
  category: string;
  status: string;
  quality: string;
  reason: string | null;
  providerTemplateId: string | null;
  submittedBy: string | null;
  components: Array<Record<string, unknown>>;
  updatedAt: number | null;
}
interface ProblemJson {
  code: string;
  errors?: Array<{ path: string; code: string; message: string }>;
}

const draft = (name: string, overrides: Record<string, unknown> = {}) => ({
  channelId: CHANNEL,
  name,
  language: "id",
  category: "UTILITY",
  components: [
    { type: "BODY", text: "Halo {{1}}, pesanan {{2}} sudah dikirim.", example: { body_text: [["Ayu", "A-1001"]] } },
  ],
  ...overrides,
});

const submit = (body: unknown, cookie = admin) => call("/api/templates", { cookie, body });

async function created(body: unknown): Promise<TemplateJson> {
  const res = await submit(body);
  if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
  return json<TemplateJson>(res);
}

const templateById = async (id: string) => json<TemplateJson>(await call(`/api/templates/${id}`, { cookie: admin }));

/** Lets the sandbox's alarm run (its review is due after a few seconds) until the template is `status`. */
async function untilStatus(id: string, status: string, attempts = 80): Promise<TemplateJson> {
  let template = await templateById(id);
  for (let i = 0; i < attempts && template.status !== status; i++) {
    await runDurableObjectAlarm(sandboxStub(env));
    await sleep(100);
    template = await templateById(id);
  }
  expect(template.status).toBe(status);
  return template;
}

const sandboxApi = (path: string, body: unknown) =>
  exports.default.fetch(
    new Request(`${ORIGIN}/sandbox${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

async function insertTemplate(name: string, status: string) {
  await env.DB.prepare(
    "INSERT INTO templates (id, organization_id, channel_id, name, language, category, status, components) VALUES (?, 'org_demo', ?, ?, 'en', 'MARKETING', ?, ?)",
  )
    .bind(`tpl_${name}`, CHANNEL, name, status, JSON.stringify([{ type: "BODY", text: "Promo {{1}}" }]))
    .run();
}

describe("POST /api/templates: T2 validation, every failed rule at once", () => {
  it("answers 400 validation_failed with one entry per failed rule, each with its rule code and path", async () => {
    const res = await submit({
      channelId: CHANNEL,
      name: "Promo Lebaran",
      language: "id",
      category: "MARKETING",
      components: [
        { type: "BODY", text: ` Halo  {{2}} bit.ly/promo 😀😀😀😀😀😀\n\n\n${"x".repeat(1024)}` },
        {
          type: "BUTTONS",
          buttons: [
            { type: "PHONE_NUMBER", text: "Telepon", phone_number: "+6281234567890" },
            { type: "URL", text: "Buka", url: "tokoku.co.id/promo" },
            ...Array.from({ length: 9 }, (_, i) => ({ type: "QUICK_REPLY", text: `Pilihan ${i}` })),
          ],
        },
      ],
    });
    const problem = await expectProblem(res, 400, "validation_failed");
    const errors = (problem as ProblemJson).errors ?? [];
    expect(errors.map((e) => e.code).sort()).toEqual(
      [
        "body_too_long",
        "consecutive_blank_lines",
        "cta_phone_format",
        "cta_url_format",
        "double_space",
        "leading_space",
        "name_format",
        "sample_missing",
        "shortened_link",
        "too_many_buttons",
        "too_many_emoji",
        "variables_not_sequential",
      ].sort(),
    );
    expect(errors).toContainEqual({
      path: "components.1.buttons.0.phone_number",
      code: "cta_phone_format",
      message: expect.stringContaining("starting with 8"),
    });
    const list = await json<{ templates: TemplateJson[] }>(await call("/api/templates", { cookie: admin }));
    expect(list.templates.map((t) => t.name)).not.toContain("Promo Lebaran");
  });

  it("name_taken: the demo channel already has order_update", async () => {
    const problem = (await expectProblem(await submit(draft("order_update")), 400, "validation_failed")) as ProblemJson;
    expect(problem.errors).toEqual([{ path: "name", code: "name_taken", message: expect.any(String) }]);
  });

  it("refuses a malformed shape with the field paths (no BODY, an unknown button type)", async () => {
    const problem = (await expectProblem(
      await submit(draft("shape_test", { components: [{ type: "FOOTER", text: "hi" }] })),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(problem.errors?.[0]?.path).toBe("components");
    await expectProblem(
      await submit(
        draft("shape_test", {
          components: [
            { type: "BODY", text: "Halo" },
            { type: "BUTTONS", buttons: [{ type: "CATALOG", text: "x" }] },
          ],
        }),
      ),
      400,
      "validation_failed",
    );
  });

  it("is admin only, and another tenant's channel does not exist for you", async () => {
    await expectProblem(await submit(draft("agent_try"), agent), 403, "forbidden");
    await expectProblem(await submit(draft("other_try", { channelId: "ch_other" })), 404, "not_found");
    await expectProblem(await submit(draft("other_try"), other), 404, "not_found");
  });
});

describe("submission and the provider's review (T3)", () => {
  it("submits PENDING to the provider, then the sandbox's signed webhook approves it; it can then be sent from an expired room", {
    timeout: 30_000,
  }, async () => {
    const template = await created(draft("shipping_notice"));
    expect(template).toMatchObject({
      name: "shipping_notice",
      status: "PENDING",
      quality: "NEUTRAL",
      reason: null,
      submittedBy: "usr_demo_admin",
      providerTemplateId: expect.stringMatching(/^\d+$/),
    });
    const approved = await untilStatus(template.id, "APPROVED");
    expect(approved).toMatchObject({ quality: "NEUTRAL", reason: null, updatedAt: expect.any(Number) });

    await customerWrites({ waId: "6281377000001", text: "Halo", at: Date.now() - 30 * 3_600_000 });
    const room = await roomOfContact(admin, "6281377000001");
    await expectProblem(
      await call(`/api/rooms/${room.id}/messages`, { cookie: agent, body: { type: "text", text: "hi" } }),
      422,
      "window_expired",
    );
    const sent = await call(`/api/rooms/${room.id}/template-messages`, {
      cookie: agent,
      body: { templateName: "shipping_notice", language: "id", variables: ["Rina", "A-2002"] },
    });
    expect(sent.status).toBe(201);
    expect(await json(sent)).toMatchObject({
      kind: "template",
      status: "sent",
      text: "Halo Rina, pesanan A-2002 sudah dikirim.",
    });
  });

  it(`is rejected with the provider's reason when the body carries ${TEMPLATE_REJECT_MARKER}`, {
    timeout: 30_000,
  }, async () => {
    const template = await created(
      draft("rejected_notice", {
        components: [
          {
            type: "BODY",
            text: `Halo {{1}}, ${TEMPLATE_REJECT_MARKER} sekarang.`,
            example: { body_text: [["Ayu"]] },
          },
        ],
      }),
    );
    const rejected = await untilStatus(template.id, "REJECTED");
    expect(rejected.reason).toBe(TEMPLATE_REJECT_REASON);
  });

  it("follows quality: MEDIUM, then LOW pauses it, LOW again disables it", async () => {
    const template = await created(draft("quality_notice"));
    await sandboxApi(`/api/templates/${template.providerTemplateId}/review`, { status: "APPROVED" });
    expect(await templateById(template.id)).toMatchObject({ status: "APPROVED", quality: "NEUTRAL" });
    await sandboxApi(`/api/templates/${template.providerTemplateId}/quality`, { quality: "MEDIUM" });
    expect(await templateById(template.id)).toMatchObject({ status: "APPROVED", quality: "MEDIUM" });
    await sandboxApi(`/api/templates/${template.providerTemplateId}/quality`, { quality: "LOW" });
    const paused = await templateById(template.id);
    expect(paused).toMatchObject({ status: "PAUSED", quality: "LOW", reason: expect.stringContaining("paused") });
    await sandboxApi(`/api/templates/${template.providerTemplateId}/quality`, { quality: "LOW" });
    expect(await templateById(template.id)).toMatchObject({ status: "DISABLED", quality: "LOW" });
  });

  it("answers 422 provider_rejected when the provider refuses, and keeps nothing", async () => {
    // The WABA already has this name and language at the provider (made outside the platform).
    const outside = await graph(`/${SANDBOX_WABA_ID}/message_templates`, {
      json: { name: "made_elsewhere", language: "id", category: "UTILITY", components: [{ type: "BODY", text: "Hi" }] },
    });
    expect(outside.status).toBe(200);
    await expectProblem(await submit(draft("made_elsewhere")), 422, "provider_rejected");
    const list = await json<{ templates: TemplateJson[] }>(await call("/api/templates", { cookie: admin }));
    expect(list.templates.map((t) => t.name)).not.toContain("made_elsewhere");
  });
});

describe("a submitted template is never edited; delete is allowed", () => {
  it("answers 409 template_immutable to PATCH and PUT, 404 for an unknown one, 403 for an agent", async () => {
    const template = await created(draft("immutable_notice"));
    for (const method of ["PATCH", "PUT"]) {
      await expectProblem(
        await call(`/api/templates/${template.id}`, { method, cookie: admin, body: { name: "renamed" } }),
        409,
        "template_immutable",
      );
    }
    await expectProblem(
      await call("/api/templates/nope", { method: "PATCH", cookie: admin, body: {} }),
      404,
      "not_found",
    );
    await expectProblem(
      await call(`/api/templates/${template.id}`, { method: "PATCH", cookie: agent, body: {} }),
      403,
      "forbidden",
    );
    expect((await templateById(template.id)).name).toBe("immutable_notice");
  });

  it("deletes here and at the provider; Meta holds the name 30 days, then it can be used again (T3)", async () => {
    const template = await created(draft("deleted_notice"));
    await expectProblem(
      await call(`/api/templates/${template.id}`, { method: "DELETE", cookie: agent }),
      403,
      "forbidden",
    );
    await expectProblem(
      await call(`/api/templates/${template.id}`, { method: "DELETE", cookie: other }),
      404,
      "not_found",
    );
    const res = await call(`/api/templates/${template.id}`, { method: "DELETE", cookie: admin });
    expect(res.status).toBe(204);
    await expectProblem(await call(`/api/templates/${template.id}`, { cookie: admin }), 404, "not_found");
    const atProvider = await graph(`/${SANDBOX_WABA_ID}/message_templates?name=deleted_notice`);
    expect(((await atProvider.json()) as { data: unknown[] }).data).toEqual([]);
    // "Delete it and resubmit under another name": the same name is refused for 30 days, in words.
    const again = (await expectProblem(await submit(draft("deleted_notice")), 400, "validation_failed")) as ProblemJson;
    expect(again.errors).toEqual([{ path: "name", code: "name_recently_deleted", message: expect.any(String) }]);
    // 31 days on (the hold's time moved back), the name is free again.
    await env.DB.prepare("UPDATE deleted_template_names SET deleted_at = deleted_at - ? WHERE name = 'deleted_notice'")
      .bind(31 * 24 * 3_600_000)
      .run();
    expect((await created(draft("deleted_notice"))).status).toBe("PENDING");
  });
});

describe("GET /api/templates: filters", () => {
  it("filters by status, category, language and channel; agents can read; other tenants see nothing", async () => {
    await insertTemplate("filter_paused", "PAUSED");
    const list = async (query: string, cookie = admin) =>
      (await json<{ templates: TemplateJson[] }>(await call(`/api/templates${query}`, { cookie }))).templates;
    expect((await list("?status=PAUSED")).map((t) => t.name)).toContain("filter_paused");
    expect((await list("?status=PAUSED")).every((t) => t.status === "PAUSED")).toBe(true);
    expect((await list("?category=MARKETING&language=en")).map((t) => t.name)).toContain("filter_paused");
    expect((await list("?category=UTILITY")).map((t) => t.name)).not.toContain("filter_paused");
    expect((await list("?language=id")).every((t) => t.language === "id")).toBe(true);
    expect((await list(`?channelId=${CHANNEL}`, agent)).length).toBeGreaterThan(1);
    expect(await list("?channelId=ch_other")).toEqual([]);
    expect(await list("", other)).toEqual([]);
    await expectProblem(await call("/api/templates?status=LIVE", { cookie: admin }), 400, "validation_failed");
  });
});

describe("sending a template that is not APPROVED is refused (T3)", () => {
  for (const status of ["PENDING", "REJECTED", "PAUSED", "DISABLED"]) {
    it(`${status}: 422 template_not_sendable`, async () => {
      const name = `unsendable_${status.toLowerCase()}`;
      await insertTemplate(name, status);
      const waId = `62813780000${["PENDING", "REJECTED", "PAUSED", "DISABLED"].indexOf(status)}`;
      await customerWrites({ waId, text: "Halo" });
      const room = await roomOfContact(admin, waId);
      await expectProblem(
        await call(`/api/rooms/${room.id}/template-messages`, {
          cookie: agent,
          body: { templateName: name, language: "en", variables: ["x"] },
        }),
        422,
        "template_not_sendable",
      );
    });
  }
});

describe("header samples (T2): uploaded through POST /api/media with purpose template_sample", () => {
  const png = (size: number) => {
    const bytes = new Uint8Array(size);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return bytes;
  };
  const mp4 = (size: number) => {
    const bytes = new Uint8Array(size);
    bytes.set([0, 0, 0, 0x18, ...new TextEncoder().encode("ftypmp42")]);
    return bytes;
  };
  const upload = (bytes: Uint8Array, name: string, cookie = admin, purpose = "template_sample") => {
    const form = new FormData();
    form.append("purpose", purpose);
    // A misleading name: the type comes from the bytes.
    form.append("file", new File([bytes], name, { type: "text/plain" }));
    return exports.default.fetch(
      new Request(`${ORIGIN}/api/media`, {
        method: "POST",
        headers: { cookie: `sid=${cookie}`, origin: ORIGIN },
        body: form,
      }),
    );
  };
  const withHeader = (name: string, format: string, handle: string) =>
    draft(name, {
      category: "MARKETING",
      components: [
        { type: "HEADER", format, example: { header_handle: [handle] } },
        { type: "BODY", text: "Promo akhir pekan untuk Anda." },
      ],
    });

  it("takes an image up to 6 MB and a video up to 10 MB, typed by their bytes; refuses larger ones with 413", {
    timeout: 30_000,
  }, async () => {
    const image = await upload(png(6 * MB), "photo.txt");
    expect(image.status).toBe(201);
    expect(await json(image)).toMatchObject({ mimeType: "image/png", size: 6 * MB });
    await expectProblem(await upload(png(6 * MB + 1), "big.png"), 413, "sample_too_large");
    expect((await upload(mp4(10 * MB), "clip.mp4")).status).toBe(201);
    await expectProblem(await upload(mp4(10 * MB + 1), "clip.mp4"), 413, "sample_too_large");
    await expectProblem(await upload(new Uint8Array(100).fill(65), "notes.png"), 415, "unsupported_media_type");
    await expectProblem(await upload(png(100), "photo.png", agent), 403, "forbidden");
    // An agent's attachment keeps the I10 limit of 5 MB for images.
    await expectProblem(await upload(png(5 * MB + 1), "photo.png", admin, "attachment"), 413, "media_too_large");
  });

  it("submits an IMAGE header with its sample; a missing or wrong-kind sample is sample_missing", async () => {
    const image = await json<{ id: string }>(await upload(png(1000), "photo.png"));
    const template = await created(withHeader("header_promo", "IMAGE", image.id));
    expect(template.components[0]).toMatchObject({ type: "HEADER", format: "IMAGE" });
    const wrongKind = (await expectProblem(
      await submit(withHeader("header_video", "VIDEO", image.id)),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(wrongKind.errors?.map((e) => e.code)).toEqual(["sample_missing"]);
    const unknown = (await expectProblem(
      await submit(withHeader("header_unknown", "IMAGE", "no-such-upload")),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(unknown.errors).toEqual([
      { path: "components.0.example.header_handle", code: "sample_missing", message: expect.any(String) },
    ]);
    // Another tenant's upload is not a sample for them.
    const foreign = (await expectProblem(
      await submit({ ...withHeader("header_other", "IMAGE", image.id), channelId: "ch_other" }, other),
      400,
      "validation_failed",
    )) as ProblemJson;
    expect(foreign.errors?.map((e) => e.code)).toEqual(["sample_missing"]);
  });
});
