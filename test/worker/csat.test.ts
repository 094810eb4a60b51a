// CSAT (rule R3): on resolve, inside the reply window (I2), the customer is asked to rate 1-5 with a
// WhatsApp list; outside it the survey is skipped with a note, or sent as the tenant's approved template.
// Once per conversation. The tap is recorded as the rating (and opens no room), the next text as the
// comment; the report and its CSV give satisfaction, response rate, the distribution and the responses.
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../worker/events/types";
import { csat } from "../../worker/features/csat/listener";
import { sandboxStub } from "../../worker/sandbox/instance";
import { call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { eventually, quietInfoLogs } from "./resilience-helpers";
import { customerWrites, type MessageJson, messagesOf, roomOfContact, seconds, wamid } from "./rooms-helpers";

let admin: string;
let supervisor: string;
let agent: string;
let agentId: string;
let restoreLogs: () => void;

const QUESTION = "Bagaimana layanan kami hari ini? Beri nilai 1-5.";
const HOUR = 3_600_000;

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  await seed();
  [admin, supervisor, agent] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("supervisor@demo.test"),
    signIn("agent@demo.test"),
  ]);
  agentId = (await json<{ user: { id: string } }>(await call("/api/me", { cookie: agent }))).user.id;
});
afterAll(() => restoreLogs());

const putSettings = (cookie: string, body: unknown) => call("/api/settings/csat", { method: "PUT", cookie, body });
const settings = (templateName: string | null = null) => ({
  enabled: true,
  question: QUESTION,
  templateName,
  templateLanguage: templateName ? "id" : null,
});

interface Survey {
  outcome: string | null;
  rating: number | null;
  comment: string | null;
  agent_id: string | null;
}
const surveyOf = (roomId: string) =>
  env.DB.prepare("SELECT outcome, rating, comment, agent_id FROM csat_surveys WHERE room_id = ?")
    .bind(roomId)
    .first<Survey>();
const roomCount = async (waId: string) =>
  (
    await env.DB.prepare(
      "SELECT count(*) AS n FROM rooms r JOIN contacts c ON c.id = r.contact_id WHERE c.external_id = ?",
    )
      .bind(waId)
      .first<{ n: number }>()
  )?.n;
const phone = async (waId: string) => (await sandboxStub(env).conversation(waId)).filter((m) => m.direction === "out");

async function ok(res: Response) {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res;
}

/** A conversation the agent answered and resolved; `wroteAt`: when the customer wrote. */
async function resolvedConversation(waId: string, wroteAt = Date.now()) {
  await customerWrites({ waId, text: "Paket saya belum sampai", at: wroteAt });
  const room = await roomOfContact(admin, waId);
  if (wroteAt > Date.now() - HOUR) {
    await ok(
      await call(`/api/rooms/${room.id}/messages`, { cookie: agent, body: { type: "text", text: "Sudah kami cek" } }),
    );
  } else {
    await ok(await call(`/api/rooms/${room.id}/assign`, { cookie: admin, body: { userId: agentId } }));
  }
  await ok(await call(`/api/rooms/${room.id}/resolve`, { cookie: agent, body: {} }));
  expect(await eventually(async () => (await surveyOf(room.id))?.outcome != null, 8000), "survey handled").toBe(true);
  return room;
}

/** The customer taps an option of a list (or a reply button). */
async function customerTaps(waId: string, id: string, title: string) {
  return customerWrites({
    waId,
    message: {
      id: wamid(),
      timestamp: seconds(Date.now()),
      type: "interactive",
      interactive: { type: "list_reply", list_reply: { id, title } },
    },
  });
}

async function approvedTemplate(name: string) {
  const res = await call("/api/templates", {
    cookie: admin,
    body: {
      channelId: "ch_demo_whatsapp",
      name,
      language: "id",
      category: "UTILITY",
      components: [
        { type: "BODY", text: "Terima kasih telah menghubungi kami. Seberapa puas Anda dengan layanan kami?" },
        {
          type: "BUTTONS",
          buttons: ["1", "2", "3", "4", "5"].map((text) => ({ type: "QUICK_REPLY", text })),
        },
      ],
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const template = await json<{ providerTemplateId: string }>(res);
  const review = await exports.default.fetch(
    new Request(`${ORIGIN}/sandbox/api/templates/${template.providerTemplateId}/review`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "APPROVED" }),
    }),
  );
  expect(review.status).toBe(200);
  expect(
    await eventually(async () => {
      const row = await env.DB.prepare("SELECT status FROM templates WHERE name = ?")
        .bind(name)
        .first<{ status: string }>();
      return row?.status === "APPROVED";
    }),
  ).toBe(true);
}

describe("Settings > CSAT (R3)", () => {
  it("starts off with a default question; only admins change it; a template must be approved and usable", async () => {
    const initial = await json<{ enabled: boolean; question: string }>(
      await call("/api/settings/csat", { cookie: agent }),
    );
    expect(initial.enabled).toBe(false);
    expect(initial.question.length).toBeGreaterThan(10);
    expect((await putSettings(agent, settings())).status).toBe(403);
    expect((await putSettings(supervisor, settings())).status).toBe(403);
    await expectProblem(await putSettings(admin, settings("no_such_template")), 422, "csat_template_unusable");
    await expectProblem(await putSettings(admin, { ...settings(), question: "" }), 400, "validation_failed");
    await ok(await putSettings(admin, settings()));
    expect(await json(await call("/api/settings/csat", { cookie: agent }))).toEqual(settings());
  });
});

describe("the survey on resolve (R3, I2)", () => {
  it("asks inside the window with a 1-5 list; the tap is the rating (no new room), the next text the comment", async () => {
    await ok(await putSettings(admin, settings()));
    const waId = "6282970001001";
    const room = await resolvedConversation(waId);
    const survey = await surveyOf(room.id);
    expect(survey).toMatchObject({ outcome: "asked", rating: null, agent_id: agentId });

    // The customer's phone got an interactive list whose rows name this conversation and a rating.
    const sent = (await phone(waId)).at(-1);
    expect(sent?.type).toBe("interactive");
    const content = JSON.parse(sent?.content ?? "{}");
    expect(content.body.text).toBe(QUESTION);
    const rows = content.action.sections[0].rows as { id: string; title: string }[];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5].map((n) => `csat:${room.id}:${n}`));
    const inRoom = await messagesOf(admin, room.id);
    const question = inRoom.find((m) => m.direction === "out" && m.text === QUESTION);
    expect(question?.status).not.toBe("failed");
    expect((question as MessageJson & { authorId?: string | null })?.authorId ?? null).toBeNull();

    await customerTaps(waId, `csat:${room.id}:4`, "4 - Good");
    expect(await eventually(async () => (await surveyOf(room.id))?.rating === 4)).toBe(true);
    // Kept in the conversation it rates, which stays resolved; no room was opened for it.
    expect(await roomCount(waId)).toBe(1);
    const after = await messagesOf(admin, room.id);
    expect(after.at(-1)).toMatchObject({ direction: "in", text: "4 - Good" });
    expect((await roomOfContact(admin, waId)).status).toBe("resolved");

    await customerWrites({ waId, text: "Cepat dan ramah, terima kasih" });
    expect(await eventually(async () => (await surveyOf(room.id))?.comment === "Cepat dan ramah, terima kasih")).toBe(
      true,
    );
    // A second tap does not change the rating; a later text is not a second comment.
    await customerTaps(waId, `csat:${room.id}:1`, "1 - Very poor");
    await customerWrites({ waId, text: "Satu lagi" });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await surveyOf(room.id)).toMatchObject({ rating: 4, comment: "Cepat dan ramah, terima kasih" });
  }, 30_000);

  it("is sent once per conversation, whatever repeats the resolve", async () => {
    await ok(await putSettings(admin, settings()));
    const waId = "6282970001002";
    const room = await resolvedConversation(waId);
    const { results } = await env.DB.prepare(
      "SELECT payload FROM domain_events WHERE type = 'room.resolved' AND json_extract(payload, '$.roomId') = ?",
    )
      .bind(room.id)
      .all<{ payload: string }>();
    const resolved = JSON.parse(results[0]?.payload ?? "null") as DomainEvent;
    expect(resolved?.type).toBe("room.resolved");
    // The same event again, and a second resolve of the same conversation (a new event id).
    await csat.applyAll(env, [resolved, { ...resolved, id: crypto.randomUUID(), at: Date.now() }]);
    expect((await phone(waId)).filter((m) => m.type === "interactive")).toHaveLength(1);
    expect((await messagesOf(admin, room.id)).filter((m) => m.text === QUESTION)).toHaveLength(1);
  }, 20_000);

  it("outside the window, without a template, is skipped with a note in the room", async () => {
    await ok(await putSettings(admin, settings()));
    const waId = "6282970001003";
    const room = await resolvedConversation(waId, Date.now() - 25 * HOUR);
    expect(await surveyOf(room.id)).toMatchObject({ outcome: "skipped" });
    expect((await phone(waId)).filter((m) => m.type === "interactive" || m.type === "template")).toHaveLength(0);
    const notes = (await messagesOf(admin, room.id)).filter((m: MessageJson) => m.direction === "note");
    expect(notes.map((n) => n.text)).toEqual([expect.stringMatching(/CSAT survey not sent: the 24-hour reply window/)]);
  }, 20_000);

  it("outside the window, with an approved template chosen, sends the template; its 1-5 button is the rating", async () => {
    await approvedTemplate("csat_survey");
    await ok(await putSettings(admin, settings("csat_survey")));
    const waId = "6282970001004";
    const room = await resolvedConversation(waId, Date.now() - 26 * HOUR);
    expect(await surveyOf(room.id)).toMatchObject({ outcome: "template" });
    expect((await phone(waId)).at(-1)).toMatchObject({ type: "template" });
    await customerWrites({
      waId,
      message: { id: wamid(), timestamp: seconds(Date.now()), type: "button", button: { text: "5", payload: "5" } },
    });
    expect(await eventually(async () => (await surveyOf(room.id))?.rating === 5)).toBe(true);
  }, 30_000);

  it("a tap naming another contact's conversation is an ordinary message and rates nothing", async () => {
    await ok(await putSettings(admin, settings()));
    const victim = await resolvedConversation("6282970001005");
    await customerTaps("6282970001006", `csat:${victim.id}:1`, "1 - Very poor");
    await new Promise((r) => setTimeout(r, 1000));
    expect((await surveyOf(victim.id))?.rating).toBeNull();
    expect((await roomOfContact(admin, "6282970001006")).status).not.toBe("resolved");
  }, 20_000);

  it("is not sent to a blocked contact: the room notes why (I6)", async () => {
    await ok(await putSettings(admin, settings()));
    const waId = "6282970001008";
    await customerWrites({ waId, text: "Halo" });
    const room = await roomOfContact(admin, waId);
    const contactId = (room as unknown as { contactId: string }).contactId;
    await ok(await call(`/api/contacts/${contactId}/block`, { cookie: admin, body: {} }));
    await ok(await call(`/api/rooms/${room.id}/resolve`, { cookie: admin, body: {} }));
    expect(await eventually(async () => (await surveyOf(room.id))?.outcome === "skipped", 8000)).toBe(true);
    expect((await phone(waId)).filter((m) => m.type === "interactive")).toHaveLength(0);
    const notes = (await messagesOf(admin, room.id)).filter((m) => m.direction === "note").map((m) => m.text);
    expect(notes).toEqual(["CSAT survey not sent: the contact is blocked."]);
  }, 20_000);

  it("sends nothing when CSAT is off", async () => {
    await ok(await putSettings(admin, { ...settings(), enabled: false }));
    const waId = "6282970001007";
    await customerWrites({ waId, text: "Halo" });
    const room = await roomOfContact(admin, waId);
    await ok(await call(`/api/rooms/${room.id}/resolve`, { cookie: admin, body: {} }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await surveyOf(room.id)).toBeNull();
    expect((await phone(waId)).filter((m) => m.type === "interactive")).toHaveLength(0);
  }, 20_000);
});

interface Report {
  surveysSent: number;
  responses: number;
  satisfactionPercent: number | null;
  responseRatePercent: number | null;
  distribution: { rating: number; count: number }[];
  responseList: { roomId: string; rating: number; comment: string | null; agentName: string | null }[];
  nextCursor: string | null;
}

describe("the CSAT report (R3, A3)", () => {
  const day = (offset: number) => new Date(Date.now() + offset * 24 * HOUR).toISOString().slice(0, 10);
  const query = () => `from=${day(-2)}&to=${day(2)}&channelId=ch_demo_whatsapp`;

  it("gives satisfaction, response rate, the distribution and the responses with agent and comment, paged", async () => {
    // From the conversations above: three asked in the window (one rated 4 with a comment), one sent
    // as a template (rated 5), one skipped (not sent), one with CSAT off (no survey).
    const rows = await env.DB.prepare(
      "SELECT count(*) AS sent, sum(rating IS NOT NULL) AS rated, sum(rating >= 4) AS happy FROM csat_surveys WHERE outcome IN ('asked', 'template')",
    ).first<{ sent: number; rated: number; happy: number }>();
    expect(rows).toMatchObject({ sent: 4, rated: 2, happy: 2 });
    const res = await call(`/api/reports/csat?${query()}`, { cookie: supervisor });
    expect(res.status).toBe(200);
    const report = await json<Report>(res);
    expect(report).toMatchObject({ surveysSent: 4, responses: 2, satisfactionPercent: 100, responseRatePercent: 50 });
    expect(report.distribution).toEqual([
      { rating: 1, count: 0 },
      { rating: 2, count: 0 },
      { rating: 3, count: 0 },
      { rating: 4, count: 1 },
      { rating: 5, count: 1 },
    ]);
    expect(report.responseList.map((r) => [r.rating, r.comment, r.agentName])).toEqual([
      [5, null, expect.any(String)],
      [4, "Cepat dan ramah, terima kasih", expect.any(String)],
    ]);

    const first = await json<Report>(await call(`/api/reports/csat?${query()}&limit=1`, { cookie: supervisor }));
    expect(first.responseList).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await json<Report>(
      await call(`/api/reports/csat?${query()}&limit=1&cursor=${first.nextCursor}`, { cookie: supervisor }),
    );
    expect(second.responseList.map((r) => r.rating)).toEqual([4]);
    expect(second.nextCursor).toBeNull();

    const other = await json<Report>(
      await call(`/api/reports/csat?from=${day(-2)}&to=${day(2)}&channelId=ch_other`, { cookie: admin }),
    );
    expect(other).toMatchObject({ surveysSent: 0, responses: 0, satisfactionPercent: null, responseRatePercent: null });
  });

  it("exports the figures and every response as CSV, for supervisors and admins only", async () => {
    const res = await call(`/api/reports/csat.csv?${query()}`, { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = await res.text();
    expect(text).toContain("surveys_sent,responses,satisfaction_percent,response_rate_percent\r\n4,2,100,50\r\n");
    expect(text).toContain("Cepat dan ramah");
    expect((await call(`/api/reports/csat?${query()}`, { cookie: agent })).status).toBe(403);
    expect((await call(`/api/reports/csat.csv?${query()}`, { cookie: agent })).status).toBe(403);
  });
});

// After the report tests: this conversation would change their figures.
describe("answers read a batch's surveys in one query (R3)", () => {
  it("keeps a template's rating and the comment after it when both come in one batch of events", async () => {
    await ok(await putSettings(admin, settings("csat_survey"))); // the template approved in the test before
    const waId = "6282970001014";
    const room = await resolvedConversation(waId, Date.now() - 26 * HOUR);
    expect(await surveyOf(room.id)).toMatchObject({ outcome: "template" });
    const [tap, text] = [wamid(), wamid()];
    const now = seconds(Date.now());
    await customerWrites({
      waId,
      message: { id: tap, timestamp: now, type: "button", button: { text: "4", payload: "4" } },
    });
    await customerWrites({
      waId,
      message: { id: text, timestamp: now, type: "text", text: { body: "Sangat membantu" } },
    });
    expect(await eventually(async () => (await surveyOf(room.id))?.comment === "Sangat membantu")).toBe(true);
    // The two messages' events again, as one batch, against the survey as it was before them.
    await env.DB.prepare(
      "UPDATE csat_surveys SET rating = NULL, rated_at = NULL, comment = NULL, commented_at = NULL WHERE room_id = ?",
    )
      .bind(room.id)
      .run();
    const { results } = await env.DB.prepare(
      `SELECT payload FROM domain_events WHERE type = 'message.created'
         AND json_extract(payload, '$.message.providerMessageId') IN (?, ?) ORDER BY json_extract(payload, '$.message.seq')`,
    )
      .bind(tap, text)
      .all<{ payload: string }>();
    const batch = results.map((r) => JSON.parse(r.payload) as DomainEvent);
    expect(batch).toHaveLength(2);
    await csat.applyAll(env, batch);
    expect(await surveyOf(room.id)).toMatchObject({ rating: 4, comment: "Sangat membantu" });
  }, 30_000);
});
