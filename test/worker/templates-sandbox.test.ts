// Rule T3 in the sandbox provider: Meta's template API, and a review that answers by signed webhook.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_ID,
  SANDBOX_DEMO_TEMPLATE,
  SANDBOX_WABA_ID,
  TEMPLATE_REJECT_MARKER,
  TEMPLATE_REJECT_REASON,
} from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { type Captured, captureDeliveries, expectedSignature, graph, runAlarmsUntil, sandbox } from "./sandbox-helpers";

let captured: Captured[];
beforeEach(() => {
  captured = captureDeliveries();
});
afterEach(() => setDeliveryTarget(null));

const templateBody = (name: string, text = "Halo {{1}}, pesanan Anda sudah dikirim.") => ({
  name,
  language: "id",
  category: "UTILITY",
  components: [{ type: "BODY", text, example: { body_text: [["Ayu"]] } }],
});

async function submit(name: string, text?: string): Promise<{ id: string; status: string; category: string }> {
  const res = await graph(`/${SANDBOX_WABA_ID}/message_templates`, { json: templateBody(name, text) });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string; status: string; category: string };
}

interface Change {
  field: string;
  value: Record<string, unknown>;
}
const changesOf = (c: Captured[]) =>
  c.flatMap((d) => d.json.entry.flatMap((e) => e.changes as unknown as Change[]).map((ch) => ({ ...ch, raw: d })));
const forTemplate = (c: Captured[], id: string) =>
  changesOf(c).filter((ch) => String(ch.value.message_template_id) === id);

const post = (path: string, body: unknown) =>
  sandbox(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("Graph API: POST /{waba_id}/message_templates", () => {
  it("accepts a template PENDING with a numeric id, as Meta answers, and lists it", async () => {
    const answer = await submit("sandbox_pending_one");
    expect(answer).toEqual({ id: expect.stringMatching(/^\d{15}$/), status: "PENDING", category: "UTILITY" });
    const list = (await (await graph(`/${SANDBOX_WABA_ID}/message_templates?name=sandbox_pending_one`)).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(list.data).toEqual([
      expect.objectContaining({ id: answer.id, name: "sandbox_pending_one", status: "PENDING", language: "id" }),
    ]);
  });

  it("refuses a duplicate name and language, a malformed body, another WABA and a missing token, in Meta's errors", async () => {
    await submit("sandbox_dup");
    const dup = await graph(`/${SANDBOX_WABA_ID}/message_templates`, { json: templateBody("sandbox_dup") });
    expect(dup.status).toBe(400);
    expect(await dup.json()).toMatchObject({ error: { code: 100, error_subcode: 2388024 } });
    const bad = await graph(`/${SANDBOX_WABA_ID}/message_templates`, {
      json: { ...templateBody("Bad Name"), components: [] },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 100, type: "OAuthException" } });
    const other = await graph("/999/message_templates", { json: templateBody("sandbox_other") });
    expect(await other.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    const anonymous = await graph(`/${SANDBOX_WABA_ID}/message_templates`, {
      json: templateBody("sandbox_anon"),
      token: null,
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 190 } });
  });

  it("knows the demo tenant's approved order_update from the start", async () => {
    const res = await sandbox("/api/templates");
    const { templates } = (await res.json()) as { templates: Array<{ id: string; name: string; status: string }> };
    expect(templates).toContainEqual(
      expect.objectContaining({ id: SANDBOX_DEMO_TEMPLATE.id, name: "order_update", status: "APPROVED" }),
    );
  });

  it("deletes by name, and answers Meta's error for an unknown name", { timeout: 30_000 }, async () => {
    const { id } = await submit("sandbox_to_delete");
    const res = await graph(`/${SANDBOX_WABA_ID}/message_templates?name=sandbox_to_delete&hsm_id=${id}`, {
      method: "DELETE",
    });
    expect(await res.json()).toEqual({ success: true });
    const again = await graph(`/${SANDBOX_WABA_ID}/message_templates?name=sandbox_to_delete`, { method: "DELETE" });
    expect(again.status).toBe(400);
    // Its review (due after 3 s) never comes.
    await runAlarmsUntil(() => false, 35);
    expect(forTemplate(captured, id)).toEqual([]);
  });
});

describe("the review: a signed message_template_status_update after a few seconds", () => {
  it("approves a template, signed with the app secret, naming the WABA and the template", {
    timeout: 30_000,
  }, async () => {
    const { id } = await submit("sandbox_approve_me");
    expect(forTemplate(captured, id)).toEqual([]);
    await runAlarmsUntil(() => forTemplate(captured, id).length > 0, 80);
    const [change] = forTemplate(captured, id);
    expect(change?.field).toBe("message_template_status_update");
    expect(change?.value).toMatchObject({
      event: "APPROVED",
      message_template_id: Number(id),
      message_template_name: "sandbox_approve_me",
      message_template_language: "id",
      reason: "NONE",
    });
    expect(change?.raw.json.entry[0]?.id).toBe(SANDBOX_WABA_ID);
    expect(change?.raw.signature).toBe(await expectedSignature(change?.raw.raw ?? ""));
    const list = (await (await sandbox("/api/templates")).json()) as {
      templates: Array<{ id: string; status: string }>;
    };
    expect(list.templates.find((t) => t.id === id)?.status).toBe("APPROVED");
  });

  it(`rejects a body containing ${TEMPLATE_REJECT_MARKER}, with the reason`, { timeout: 30_000 }, async () => {
    const { id } = await submit("sandbox_reject_me", `Halo {{1}}, ini ${TEMPLATE_REJECT_MARKER.toLowerCase()} ya.`);
    await runAlarmsUntil(() => forTemplate(captured, id).length > 0, 80);
    expect(forTemplate(captured, id)[0]?.value).toMatchObject({ event: "REJECTED", reason: TEMPLATE_REJECT_REASON });
  });

  it("decides now on demand, and the scheduled review is dropped", { timeout: 30_000 }, async () => {
    const { id } = await submit("sandbox_decide_now");
    const res = await post(`/api/templates/${id}/review`, { status: "REJECTED", reason: "SCAM" });
    expect(res.status).toBe(200);
    expect(forTemplate(captured, id).map((c) => c.value.event)).toEqual(["REJECTED"]);
    expect(forTemplate(captured, id)[0]?.value.reason).toBe("SCAM");
    await runAlarmsUntil(() => false, 35);
    expect(forTemplate(captured, id).map((c) => c.value.event)).toEqual(["REJECTED"]);
    expect((await post("/api/templates/000/review", { status: "APPROVED" })).status).toBe(404);
    expect((await post(`/api/templates/${id}/review`, { status: "MAYBE" })).status).toBe(400);
  });
});

describe("quality on demand: message_template_quality_update", () => {
  it("lowers an approved template's quality: LOW pauses it, LOW again disables it", async () => {
    const { id } = await submit("sandbox_quality");
    await post(`/api/templates/${id}/review`, { status: "APPROVED" });
    const medium = await post(`/api/templates/${id}/quality`, { quality: "MEDIUM" });
    expect(medium.status).toBe(200);
    const low = await post(`/api/templates/${id}/quality`, { quality: "LOW" });
    expect(low.status).toBe(200);
    const lowAgain = await post(`/api/templates/${id}/quality`, { quality: "LOW" });
    expect(lowAgain.status).toBe(200);
    const seen = forTemplate(captured, id).map((c) =>
      c.field === "message_template_quality_update"
        ? `quality ${c.value.previous_quality_score}->${c.value.new_quality_score}`
        : `status ${c.value.event}`,
    );
    expect(seen).toEqual([
      "status APPROVED",
      "quality UNKNOWN->YELLOW",
      "quality YELLOW->RED",
      "status PAUSED",
      "quality RED->RED",
      "status DISABLED",
    ]);
    const paused = forTemplate(captured, id).find((c) => c.value.event === "PAUSED");
    expect(paused?.value.other_info).toMatchObject({ title: "FIRST_PAUSE" });
    for (const c of forTemplate(captured, id)) expect(c.raw.signature).toBe(await expectedSignature(c.raw.raw));
  });

  it("refuses to rate a template that is not approved (409), and an unknown one (404)", async () => {
    const { id } = await submit("sandbox_not_rated");
    const res = await post(`/api/templates/${id}/quality`, { quality: "LOW" });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "template_not_rated" });
    expect((await post("/api/templates/000/quality", { quality: "LOW" })).status).toBe(404);
  });
});

// Rules T1, T2: Meta's Resumable Upload API for header samples, and handles checked on submission.
describe("Resumable Upload API and media header handles", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
  const withImage = (name: string, handle: string) => ({
    name,
    language: "id",
    category: "MARKETING",
    components: [
      { type: "HEADER", format: "IMAGE", example: { header_handle: [handle] } },
      { type: "BODY", text: "Promo akhir pekan." },
    ],
  });

  async function uploadHandle(bytes: Uint8Array, type = "image/png"): Promise<string> {
    const app = (await (await graph("/app")).json()) as { id: string };
    expect(app.id).toBe(SANDBOX_APP_ID);
    const query = new URLSearchParams({ file_name: "a.png", file_length: String(bytes.byteLength), file_type: type });
    const started = await graph(`/${app.id}/uploads?${query}`, { method: "POST" });
    expect(started.status).toBe(200);
    const { id } = (await started.json()) as { id: string };
    expect(id).toMatch(/^upload:/);
    const done = await graph(`/${id}`, {
      method: "POST",
      token: null,
      headers: { authorization: `OAuth ${SANDBOX_ACCESS_TOKEN}`, file_offset: "0" },
      body: bytes,
    });
    expect(done.status).toBe(200);
    const { h } = (await done.json()) as { h: string };
    expect(h).toMatch(/^4::/);
    return h;
  }

  it("opens a session, takes the bytes and answers a handle h, which a media header may name", async () => {
    const h = await uploadHandle(png);
    const res = await graph(`/${SANDBOX_WABA_ID}/message_templates`, { json: withImage("sandbox_img_ok", h) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "PENDING" });
  });

  it("refuses an unknown handle, or a media header without one, as Meta does", async () => {
    for (const handle of ["4::bm90:unknown", ""]) {
      const res = await graph(`/${SANDBOX_WABA_ID}/message_templates`, { json: withImage("sandbox_img_bad", handle) });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 100, error_subcode: 2494102 } });
    }
  });

  it("refuses a wrong length, an unknown session, an unknown app and a missing file_type", async () => {
    const query = new URLSearchParams({ file_length: "100", file_type: "image/png" });
    const { id } = (await (await graph(`/${SANDBOX_APP_ID}/uploads?${query}`, { method: "POST" })).json()) as {
      id: string;
    };
    const short = await graph(`/${id}`, { method: "POST", headers: { file_offset: "0" }, body: png });
    expect(short.status).toBe(400);
    expect((await graph("/upload:nope", { method: "POST", headers: { file_offset: "0" }, body: png })).status).toBe(
      400,
    );
    expect((await graph(`/999/uploads?${query}`, { method: "POST" })).status).toBe(400);
    expect((await graph(`/${SANDBOX_APP_ID}/uploads?file_length=5`, { method: "POST" })).status).toBe(400);
  });
});
