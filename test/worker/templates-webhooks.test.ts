// Rule T3: Meta's message_template_status_update and message_template_quality_update webhooks,
// parsed, signature-checked by WABA id, and applied to the platform's templates.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildTemplateQualityWebhook,
  buildTemplateStatusWebhook,
  isTemplateWebhook,
  parseTemplateWebhook,
  wabaIdsOf,
} from "../../worker/channels/whatsapp/template-webhooks";
import { buildInboundWebhook } from "../../worker/channels/whatsapp/webhook-builders";
import { createDb } from "../../worker/db/client";
import { applySignedTemplateChanges } from "../../worker/features/templates/webhook";
import {
  SANDBOX_APP_SECRET,
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
} from "../../worker/sandbox/config";
import { call, expectProblem, json, seed, signIn } from "./helpers";
import { postWebhook } from "./rooms-helpers";

let admin: string;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
});

async function insertTemplate(id: string, name: string, providerTemplateId: string | null, status = "PENDING") {
  await env.DB.prepare(
    "INSERT INTO templates (id, organization_id, channel_id, name, language, category, status, components, provider_template_id) VALUES (?, 'org_demo', 'ch_demo_whatsapp', ?, 'id', 'MARKETING', ?, '[{\"type\":\"BODY\",\"text\":\"Promo\"}]', ?)",
  )
    .bind(id, name, status, providerTemplateId)
    .run();
}

const templateById = async (id: string) =>
  json<{ status: string; quality: string; reason: string | null; providerTemplateId: string | null }>(
    await call(`/api/templates/${id}`, { cookie: admin }),
  );

const status = (templateId: string, name: string, event: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    buildTemplateStatusWebhook({
      wabaId: SANDBOX_WABA_ID,
      templateId,
      name,
      language: "id",
      time: now(),
      event,
      ...extra,
    }),
  );

const quality = (templateId: string, name: string, previousScore: string, score: string) =>
  JSON.stringify(
    buildTemplateQualityWebhook({
      wabaId: SANDBOX_WABA_ID,
      templateId,
      name,
      language: "id",
      time: now(),
      previousScore: previousScore as "GREEN",
      score: score as "GREEN",
    }),
  );

describe("parseTemplateWebhook", () => {
  it("reads a status change: WABA, numeric template id as digits, event, reason (NONE is none)", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          time: 1674864290,
          changes: [
            {
              field: "message_template_status_update",
              value: {
                event: "REJECTED",
                message_template_id: 572279198452421,
                message_template_name: "seasonal_promotion",
                message_template_language: "en_US",
                reason: "INCORRECT_CATEGORY",
              },
            },
            {
              field: "message_template_status_update",
              value: {
                event: "APPROVED",
                message_template_id: 1,
                message_template_name: "a",
                message_template_language: "en",
                reason: "NONE",
              },
            },
          ],
        },
      ],
    };
    expect(isTemplateWebhook(body)).toBe(true);
    expect(wabaIdsOf(body)).toEqual(["102290129340398"]);
    expect(parseTemplateWebhook(body)).toEqual([
      {
        kind: "status",
        wabaId: "102290129340398",
        providerTemplateId: "572279198452421",
        name: "seasonal_promotion",
        language: "en_US",
        event: "REJECTED",
        reason: "INCORRECT_CATEGORY",
        at: 1674864290000,
      },
      expect.objectContaining({ event: "APPROVED", reason: null, providerTemplateId: "1" }),
    ]);
  });

  it("reads a pause's other_info as the reason, and a quality change", () => {
    const paused = JSON.parse(
      status("5", "p", "PAUSED", { otherInfo: { title: "FIRST_PAUSE", description: "Paused for 3 hours." } }),
    );
    expect(parseTemplateWebhook(paused)[0]).toMatchObject({ event: "PAUSED", reason: "Paused for 3 hours." });
    expect(parseTemplateWebhook(JSON.parse(quality("6", "q", "GREEN", "YELLOW")))).toEqual([
      {
        kind: "quality",
        wabaId: SANDBOX_WABA_ID,
        providerTemplateId: "6",
        name: "q",
        language: "id",
        previousScore: "GREEN",
        score: "YELLOW",
        at: expect.any(Number),
      },
    ]);
  });

  it("ignores other fields, and throws on a template change without its fields", () => {
    const messages = { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages" }] }] };
    expect(isTemplateWebhook(messages)).toBe(false);
    expect(wabaIdsOf(messages)).toEqual([]);
    expect(isTemplateWebhook(null)).toBe(false);
    const broken = {
      object: "whatsapp_business_account",
      entry: [{ id: "1", changes: [{ field: "message_template_status_update", value: { event: "APPROVED" } }] }],
    };
    expect(() => parseTemplateWebhook(broken)).toThrow();
  });
});

describe("POST /webhooks/whatsapp with template changes", () => {
  it("applies APPROVED, then a quality change, and a re-delivery changes nothing more", async () => {
    await insertTemplate("tpl_wh_1", "wh_one", "710000000000001");
    const approved = status("710000000000001", "wh_one", "APPROVED");
    const res = await postWebhook(approved);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1 });
    expect(await templateById("tpl_wh_1")).toMatchObject({ status: "APPROVED", quality: "NEUTRAL", reason: null });
    for (const [score, expected] of [
      ["YELLOW", "MEDIUM"],
      ["GREEN", "HIGH"],
      ["RED", "LOW"],
      ["UNKNOWN", "NEUTRAL"],
    ]) {
      expect((await postWebhook(quality("710000000000001", "wh_one", "GREEN", score as string))).status).toBe(200);
      expect((await templateById("tpl_wh_1")).quality).toBe(expected);
    }
    expect((await postWebhook(approved)).status).toBe(200);
    expect(await templateById("tpl_wh_1")).toMatchObject({ status: "APPROVED", quality: "NEUTRAL" });
  });

  it("announces each status change once as template.status_changed; quality changes and repeats announce nothing", async () => {
    await insertTemplate("tpl_wh_ev", "wh_events", "710000000000009");
    expect((await postWebhook(status("710000000000009", "wh_events", "APPROVED"))).status).toBe(200);
    expect((await postWebhook(status("710000000000009", "wh_events", "APPROVED"))).status).toBe(200);
    expect((await postWebhook(quality("710000000000009", "wh_events", "GREEN", "YELLOW"))).status).toBe(200);
    const paused = status("710000000000009", "wh_events", "PAUSED", {
      otherInfo: { title: "FIRST_PAUSE", description: "Paused for 3 hours." },
    });
    expect((await postWebhook(paused)).status).toBe(200);
    const announced = async () => {
      const { results } = await env.DB.prepare(
        "SELECT payload FROM domain_events WHERE type = 'template.status_changed' ORDER BY at",
      ).all<{ payload: string }>();
      return results.map((r) => JSON.parse(r.payload)).filter((e) => e.templateId === "tpl_wh_ev");
    };
    for (let i = 0; i < 100 && (await announced()).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await announced()).map((e) => [e.status, e.reason, e.name, e.language])).toEqual([
      ["APPROVED", null, "wh_events", "id"],
      ["PAUSED", "Paused for 3 hours.", "wh_events", "id"],
    ]);
  });

  it("moves REJECTED with the reason, PAUSED, DISABLED, REINSTATED; FLAGGED lowers the quality", async () => {
    await insertTemplate("tpl_wh_2", "wh_two", "710000000000002");
    const apply = async (event: string, extra: Record<string, unknown> = {}) => {
      expect((await postWebhook(status("710000000000002", "wh_two", event, extra))).status).toBe(200);
      return templateById("tpl_wh_2");
    };
    expect(await apply("REJECTED", { reason: "INVALID_FORMAT" })).toMatchObject({
      status: "REJECTED",
      reason: "INVALID_FORMAT",
    });
    expect(await apply("APPROVED")).toMatchObject({ status: "APPROVED", reason: null });
    expect(await apply("FLAGGED")).toMatchObject({ status: "APPROVED", quality: "LOW" });
    expect(
      await apply("PAUSED", { otherInfo: { title: "FIRST_PAUSE", description: "Paused for 3 hours." } }),
    ).toMatchObject({ status: "PAUSED", reason: "Paused for 3 hours." });
    expect(await apply("REINSTATED")).toMatchObject({ status: "APPROVED", reason: null });
    expect(await apply("DISABLED")).toMatchObject({ status: "DISABLED" });
    expect(await apply("PENDING_DELETION")).toMatchObject({ status: "DISABLED" });
  });

  it("finds a template whose provider id is not stored yet by name and language, and stores the id", async () => {
    await insertTemplate("tpl_wh_3", "wh_three", null);
    expect((await postWebhook(status("710000000000003", "wh_three", "APPROVED"))).status).toBe(200);
    expect(await templateById("tpl_wh_3")).toMatchObject({
      status: "APPROVED",
      providerTemplateId: "710000000000003",
    });
  });

  it("refuses a bad signature (401) and stores nothing; an unknown WABA answers alike; an unknown template is ignored", async () => {
    await insertTemplate("tpl_wh_4", "wh_four", "710000000000004");
    const body = status("710000000000004", "wh_four", "APPROVED");
    await expectProblem(await postWebhook(body, null), 401, "invalid_signature");
    await expectProblem(await postWebhook(body, `sha256=${"0".repeat(64)}`), 401, "invalid_signature");
    expect((await templateById("tpl_wh_4")).status).toBe("PENDING");
    const elsewhere = JSON.stringify(
      buildTemplateStatusWebhook({
        wabaId: "999999",
        templateId: "1",
        name: "x",
        language: "id",
        time: now(),
        event: "APPROVED",
      }),
    );
    // Issue 11: as for an unknown number, the answer does not tell which accounts are connected.
    await expectProblem(await postWebhook(elsewhere), 401, "invalid_signature");
    const unknown = await postWebhook(status("719999999999999", "never_heard_of", "APPROVED"));
    expect(unknown.status).toBe(200);
  });

  it("answers 400 for a template change that lacks its fields", async () => {
    const raw = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ id: SANDBOX_WABA_ID, changes: [{ field: "message_template_status_update", value: { event: "X" } }] }],
    });
    await expectProblem(await postWebhook(raw), 400, "validation_failed");
  });

  // rule T3 (missing test): a quality change is signature-checked like a status change.
  it("refuses a quality change with a bad signature (401) and changes nothing", async () => {
    await insertTemplate("tpl_wh_5", "wh_five", "710000000000005", "APPROVED");
    const body = quality("710000000000005", "wh_five", "GREEN", "RED");
    await expectProblem(await postWebhook(body, `sha256=${"1".repeat(64)}`), 401, "invalid_signature");
    await expectProblem(await postWebhook(body, null), 401, "invalid_signature");
    expect(await templateById("tpl_wh_5")).toMatchObject({ status: "APPROVED", quality: "NEUTRAL" });
    expect((await postWebhook(body)).status).toBe(200);
    expect((await templateById("tpl_wh_5")).quality).toBe("LOW");
  });
});

// rule T3: a body mixing messages with template changes; the messages route checks the signature.
describe("applySignedTemplateChanges", () => {
  const mixed = (templateId: string, name: string) => {
    const template = buildTemplateStatusWebhook({
      wabaId: SANDBOX_WABA_ID,
      templateId,
      name,
      language: "id",
      time: now(),
      event: "APPROVED",
    });
    // One WABA's customer message and template change in one body, as Meta may batch them.
    const body = buildInboundWebhook({
      phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
      displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
      wabaId: SANDBOX_WABA_ID,
      contact: { waId: "6281234500001", name: "Rina" },
      message: { id: `wamid.mixed${now()}`, timestamp: now(), type: "text", text: { body: "Halo" } },
    });
    const changes = [...body.entry.flatMap((e) => e.changes), ...template.entry.flatMap((e) => e.changes)];
    return { ...body, entry: [{ id: SANDBOX_WABA_ID, changes }] };
  };

  it("applies only the template changes of a mixed body, for channels of the verified app secret", async () => {
    await insertTemplate("tpl_wh_mixed", "wh_mixed", "710000000000006");
    const db = createDb(env.DB);
    expect(await applySignedTemplateChanges(env, db, mixed("710000000000006", "wh_mixed"), "another-app-secret")).toBe(
      1,
    );
    expect((await templateById("tpl_wh_mixed")).status).toBe("PENDING");
    expect(await applySignedTemplateChanges(env, db, mixed("710000000000006", "wh_mixed"), SANDBOX_APP_SECRET)).toBe(1);
    expect((await templateById("tpl_wh_mixed")).status).toBe("APPROVED");
  });

  it("through the webhook route: one signed body stores the customer's message and approves the template", async () => {
    await insertTemplate("tpl_wh_route_mixed", "wh_route_mixed", "710000000000007");
    const res = await postWebhook(JSON.stringify(mixed("710000000000007", "wh_route_mixed")));
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ received: 2 });
    expect((await templateById("tpl_wh_route_mixed")).status).toBe("APPROVED");
    const { rooms } = await json<{ rooms: { contactExternalId: string }[] }>(
      await call("/api/rooms?view=all", { cookie: admin }),
    );
    expect(rooms.some((r) => r.contactExternalId === "6281234500001")).toBe(true);
  });

  it("answers 0 for a body without template changes", async () => {
    const body = mixed("1", "x");
    body.entry[0]?.changes.splice(1);
    expect(await applySignedTemplateChanges(env, createDb(env.DB), body, SANDBOX_APP_SECRET)).toBe(0);
  });
});
