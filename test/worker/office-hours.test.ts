// Office hours and the away reply (rule I9): set by admins in the organization's time zone; a customer
// message outside them gets the away reply once per room per closed period, as a system message.
import { env } from "cloudflare:workers";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { awayReply } from "../../worker/events/listeners/away-reply";
import { clock } from "../../worker/lib/clock";
import { call, json, seed, signIn } from "./helpers";
import { deliverUntilAccepted, eventually, inboundBody, quietInfoLogs } from "./resilience-helpers";
import { type MessageJson, messagesOf, roomOfContact } from "./rooms-helpers";

let admin: string;
let agent: string;
let restoreLogs: () => void;

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
});
afterAll(() => restoreLogs());
afterEach(() => vi.restoreAllMocks());

const nineToFive = {
  enabled: true,
  awayMessage: "We are closed. We open at 09:00 Jakarta time.",
  days: {
    mon: [{ open: "09:00", close: "17:00" }],
    tue: [{ open: "09:00", close: "17:00" }],
    wed: [{ open: "09:00", close: "17:00" }],
    thu: [{ open: "09:00", close: "17:00" }],
    fri: [{ open: "09:00", close: "17:00" }],
    sat: [],
    sun: [],
  },
};
// The demo organization's time zone is Asia/Jakarta (UTC+7); 2026-12-07 is a Monday.
const jakarta = (day: number, hhmm: string) => Date.parse(`2026-12-${String(day).padStart(2, "0")}T${hhmm}:00+07:00`);

async function putHours(cookie: string, body: unknown) {
  return call("/api/settings/office-hours", { method: "PUT", cookie, body });
}

/** A customer message written (and handled) at `at`. */
async function customerWrites(waId: string, id: string, at: number) {
  vi.spyOn(clock, "now").mockReturnValue(at);
  await deliverUntilAccepted(inboundBody({ waId, id, at: Math.floor(at / 1000), text: `hello ${id}` }));
}

const awayReplies = (messages: MessageJson[]) =>
  messages.filter((m) => m.direction === "out" && m.text === nineToFive.awayMessage);

/** Once the events of the message `id` were handled (the event log has it), and a while after. */
async function settledMessages(waId: string, id: string): Promise<MessageJson[]> {
  const logged = await eventually(async () => {
    const row = await env.DB.prepare(
      "SELECT 1 FROM domain_events WHERE type = 'message.created' AND json_extract(payload, '$.message.providerMessageId') = ?",
    )
      .bind(id)
      .first();
    return row !== null;
  }, 8000);
  expect(logged, `${id} handled`).toBe(true);
  // Long enough for the reply (or a wrong second one) to have been sent.
  await new Promise((r) => setTimeout(r, 1000));
  return messagesOf(admin, (await roomOfContact(admin, waId)).id);
}

describe("office hours settings", () => {
  it("start switched off with weekdays 09:00-17:00 in the organization's time zone", async () => {
    const res = await call("/api/settings/office-hours", { cookie: agent });
    expect(res.status).toBe(200);
    const body = await json<{ enabled: boolean; timeZone: string; days: { mon: unknown[]; sat: unknown[] } }>(res);
    expect(body).toMatchObject({ enabled: false, timeZone: "Asia/Jakarta", days: { sat: [] } });
    expect(body.days.mon).toEqual([{ open: "09:00", close: "17:00" }]);
  });

  it("are changed by admins only, and overlapping or empty intervals are refused naming the day", async () => {
    expect((await putHours(agent, nineToFive)).status).toBe(403);
    const overlap = await putHours(admin, {
      ...nineToFive,
      days: {
        ...nineToFive.days,
        tue: [
          { open: "09:00", close: "13:00" },
          { open: "12:00", close: "17:00" },
        ],
      },
    });
    expect(overlap.status).toBe(422);
    const problem = await json<{ code: string; errors: { path: string }[] }>(overlap);
    expect(problem.code).toBe("office_hours_invalid");
    expect(problem.errors.map((e) => e.path)).toEqual(["days.tue"]);
    const badTime = await putHours(admin, {
      ...nineToFive,
      days: { ...nineToFive.days, mon: [{ open: "9", close: "25:00" }] },
    });
    expect(badTime.status).toBe(400);
    expect((await json<{ code: string }>(badTime)).code).toBe("validation_failed");
    const ok = await putHours(admin, nineToFive);
    expect(ok.status).toBe(200);
    expect(await json(await call("/api/settings/office-hours", { cookie: agent }))).toMatchObject({
      enabled: true,
      awayMessage: nineToFive.awayMessage,
      days: { tue: [{ open: "09:00", close: "17:00" }] },
    });
  });
});

describe("the away reply", () => {
  it("answers a message at night once per closed period, as the system, leaving the room unread and unassigned", async () => {
    expect((await putHours(admin, nineToFive)).status).toBe(200);
    const waId = "6282990001001";
    await customerWrites(waId, "wamid.AWAY-1", jakarta(7, "20:00"));
    expect(awayReplies(await settledMessages(waId, "wamid.AWAY-1"))).toHaveLength(1);
    await customerWrites(waId, "wamid.AWAY-2", jakarta(8, "07:30")); // the same night
    let messages = await settledMessages(waId, "wamid.AWAY-2");
    expect(awayReplies(messages)).toHaveLength(1);
    const room = await roomOfContact(admin, waId);
    expect(room.assigneeId).toBeNull();
    expect(room.unreadCount).toBe(2);
    // B2: a business reply like any other: it opened (and paid for) a service conversation.
    const opened = await env.DB.prepare("SELECT category, message_id FROM conversations WHERE room_id = ?")
      .bind(room.id)
      .all<{ category: string; message_id: string }>();
    expect(opened.results).toEqual([{ category: "service", message_id: awayReplies(messages)[0]?.id }]);

    await customerWrites(waId, "wamid.AWAY-3", jakarta(8, "10:00")); // open
    await customerWrites(waId, "wamid.AWAY-4", jakarta(8, "17:00")); // closed again: a new period
    messages = await settledMessages(waId, "wamid.AWAY-4");
    const replies = awayReplies(messages);
    expect(replies).toHaveLength(2);
    expect(replies.every((m) => m.status !== "failed")).toBe(true);
    // Each reply follows the message it answers, not the one written during office hours.
    const order = messages.map((m) => (m.direction === "out" ? "away" : m.text));
    expect(order).toEqual([
      "hello wamid.AWAY-1",
      "away",
      "hello wamid.AWAY-2",
      "hello wamid.AWAY-3",
      "hello wamid.AWAY-4",
      "away",
    ]);
  }, 30_000);

  it("is sent once even when the events are delivered again", async () => {
    expect((await putHours(admin, nineToFive)).status).toBe(200);
    const waId = "6282990001002";
    await customerWrites(waId, "wamid.AWAY-REDO", jakarta(12, "11:00")); // Saturday
    expect(awayReplies(await settledMessages(waId, "wamid.AWAY-REDO"))).toHaveLength(1);
    const { results } = await env.DB.prepare("SELECT payload FROM domain_events WHERE type = 'message.created'").all<{
      payload: string;
    }>();
    const events = results
      .map((r) => JSON.parse(r.payload))
      .filter((e) => e.message.providerMessageId === "wamid.AWAY-REDO");
    expect(events).toHaveLength(1);
    await Promise.all([awayReply.applyAll(env, events), awayReply.applyAll(env, events)]);
    expect(awayReplies(await messagesOf(admin, (await roomOfContact(admin, waId)).id))).toHaveLength(1);
  }, 30_000);

  it("is not sent during office hours, nor when switched off, nor once the office has opened", async () => {
    expect((await putHours(admin, nineToFive)).status).toBe(200);
    await customerWrites("6282990001003", "wamid.AWAY-OPEN", jakarta(9, "09:00"));
    expect((await putHours(admin, { ...nineToFive, enabled: false })).status).toBe(200);
    await customerWrites("6282990001004", "wamid.AWAY-OFF", jakarta(9, "03:00"));
    expect((await putHours(admin, nineToFive)).status).toBe(200);
    // Written at 08:59, handled at 09:01: the office is open by then, an agent answers instead.
    vi.spyOn(clock, "now").mockReturnValue(jakarta(10, "09:01"));
    await deliverUntilAccepted(
      inboundBody({ waId: "6282990001005", id: "wamid.AWAY-LATE", at: jakarta(10, "08:59") / 1000, text: "late" }),
    );
    for (const [waId, id] of [
      ["6282990001003", "wamid.AWAY-OPEN"],
      ["6282990001004", "wamid.AWAY-OFF"],
      ["6282990001005", "wamid.AWAY-LATE"],
    ] as const) {
      await settledMessages(waId, id);
    }
    for (const waId of ["6282990001003", "6282990001004", "6282990001005"]) {
      expect(awayReplies(await messagesOf(admin, (await roomOfContact(admin, waId)).id)), waId).toEqual([]);
    }
  }, 30_000);
});
