// The verdict of `npm run bench -- ingest`: every acknowledged message stored exactly once and in
// order, read back from ours through the API (GET /api/rooms, GET /api/rooms/:id/messages) and from
// the floor through its GET /contacts and GET /contacts/:waId.
import { performance } from "node:perf_hooks";
import { textOf, waIdOf, wamidOf } from "./ingest-load.mjs";
import { getJson, sleep } from "./lib.mjs";

const PARALLEL = 8;
const QUEUE_WAIT_MS = 60_000;

function emptyOutcome() {
  return {
    customers: 0,
    found: 0,
    extra: 0,
    notFound: 0,
    stored: 0,
    missing: 0,
    doubled: 0,
    outOfOrder: 0,
    unexpected: 0,
  };
}

/** Adds what one customer's store holds (`got`, in stored order) against what was acknowledged (`want`). */
function compare(outcome, got, want) {
  const counts = new Map();
  for (const t of got) counts.set(t, (counts.get(t) ?? 0) + 1);
  const wanted = new Set(want);
  outcome.stored += counts.size;
  outcome.missing += want.filter((t) => !counts.has(t)).length;
  outcome.doubled += [...counts.values()].filter((n) => n > 1).length;
  outcome.unexpected += [...counts.keys()].filter((t) => !wanted.has(t)).length;
  const firsts = got.filter((t, i) => got.indexOf(t) === i);
  if (firsts.join("\n") !== want.filter((t) => counts.has(t)).join("\n")) outcome.outOfOrder++;
}

/** Runs `each(c)` for every customer with an acknowledged message, PARALLEL at a time. */
async function forCustomers(next, each) {
  const list = [...next.keys()].filter((c) => next[c] > 0);
  let i = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (i < list.length) await each(list[i++]);
    }),
  );
  return list.length;
}

/** Ours: the customer's rooms through GET /api/rooms, their messages' texts through the API. */
async function checkOursOnce(url, sid, next) {
  const rooms = new Map();
  let cursor = "";
  for (let page = 0; page < 1000; page++) {
    const body = await getJson(url, `/api/rooms?view=all&limit=100${cursor}`, sid);
    for (const r of body.rooms) rooms.set(r.contactExternalId, [...(rooms.get(r.contactExternalId) ?? []), r]);
    if (!body.nextCursor) break;
    cursor = `&cursor=${encodeURIComponent(body.nextCursor)}`;
  }
  const messagesOf = async (roomId) => {
    const all = [];
    for (let after = 0, page = 0; page < 1000; page++) {
      const { messages } = await getJson(url, `/api/rooms/${roomId}/messages?after=${after}&limit=200`, sid);
      all.push(...messages);
      if (messages.length < 200) break;
      after = messages[messages.length - 1].seq;
    }
    return all;
  };
  const outcome = emptyOutcome();
  outcome.customers = await forCustomers(next, async (c) => {
    const list = rooms.get(waIdOf(c)) ?? [];
    if (list.length === 0) {
      outcome.notFound++;
      outcome.missing += next[c];
      return;
    }
    outcome.found++;
    outcome.extra += list.length - 1;
    const texts = [];
    for (const room of list) texts.push(...(await messagesOf(room.id)).map((m) => m.text));
    compare(
      outcome,
      texts,
      Array.from({ length: next[c] }, (_, k) => textOf(c, k)),
    );
  });
  return outcome;
}

/** Ours; a webhook that could not reach its room at once was queued, so give the queue time to drain. */
export async function checkOurs(url, sid, next) {
  const started = performance.now();
  let outcome = await checkOursOnce(url, sid, next);
  while ((outcome.missing > 0 || outcome.notFound > 0) && performance.now() < started + QUEUE_WAIT_MS) {
    await sleep(5_000);
    outcome = await checkOursOnce(url, sid, next);
  }
  return { ...outcome, seconds: (performance.now() - started) / 1000 };
}

/** The floor: its D1 contact rows, and each contact's wamids as its Durable Object stored them. */
export async function checkFloor(url, next) {
  const started = performance.now();
  const json = async (path) => {
    const res = await fetch(`${url}${path}`);
    if (res.status !== 200) throw new Error(`floor GET ${path}: ${res.status}`);
    return res.json();
  };
  const rows = new Set((await json("/contacts")).contacts);
  const outcome = emptyOutcome();
  outcome.customers = await forCustomers(next, async (c) => {
    if (rows.delete(waIdOf(c))) outcome.found++;
    else outcome.notFound++;
    const { wamids } = await json(`/contacts/${waIdOf(c)}`);
    compare(
      outcome,
      wamids,
      Array.from({ length: next[c] }, (_, k) => wamidOf(c, k)),
    );
  });
  outcome.extra = rows.size;
  return { ...outcome, seconds: (performance.now() - started) / 1000 };
}

export const exactlyOnce = (o) => o.missing === 0 && o.doubled === 0 && o.unexpected === 0 && o.extra === 0;
