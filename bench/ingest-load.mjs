// The load of `npm run bench -- ingest`, the same for every target (ours, the floor): closed-loop
// lanes of signed WhatsApp webhooks built by lib.mjs's inboundWebhook. A message not answered 200 is
// sent again until it is (as Meta does); a share of acknowledged messages is delivered a second time.
import { performance } from "node:perf_hooks";
import { inboundWebhook, signature, sleep } from "./lib.mjs";

const REQUEST_TIMEOUT_MS = 30_000;

export const waIdOf = (c) => `62880${String(c).padStart(8, "0")}`;
export const textOf = (c, k) => `c${c}-m${k}`;
export const wamidOf = (c, k) => `wamid.INGEST.${c}.${k}`;

/** What one target has acknowledged: next[c] = messages of customer c answered 200 (0..next-1). */
export function customers() {
  return { next: [], busy: new Set(), fresh: 0, cursor: 0 };
}

async function post(url, raw) {
  const started = performance.now();
  try {
    const res = await fetch(`${url}/webhooks/whatsapp`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signature(raw) },
      body: raw,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, error: error?.name ?? "error" };
  }
}

/** Sends customer c's next message until it is acknowledged (or the run is long over). */
async function deliver(url, state, c, stats, { stopAt, duplicates }) {
  const k = state.next[c] ?? 0;
  const raw = inboundWebhook({
    waId: waIdOf(c),
    name: `Customer ${c}`,
    id: wamidOf(c, k),
    timestamp: Math.floor(Date.now() / 1000),
    text: textOf(c, k),
  });
  for (;;) {
    stats.webhooks++;
    const answer = await post(url, raw);
    if (answer.status === 200) {
      stats.acks.push(answer.ms);
      state.next[c] = k + 1;
      break;
    }
    const why = answer.status ? `HTTP ${answer.status}` : answer.error;
    stats.failures.set(why, (stats.failures.get(why) ?? 0) + 1);
    if (performance.now() >= stopAt + REQUEST_TIMEOUT_MS) return;
    await sleep(50);
  }
  if (Math.random() < duplicates) {
    stats.webhooks++;
    stats.duplicates++;
    const again = await post(url, raw);
    const why = `re-delivery HTTP ${again.status || again.error}`;
    if (again.status !== 200) stats.failures.set(why, (stats.failures.get(why) ?? 0) + 1);
  }
}

/** The next customer for a lane: a number, -1 (none free now, try again) or null (none left). */
function picker(state, phase, contacts) {
  if (phase === "new") return () => state.fresh++;
  if (phase === "fill") return () => (state.fresh < contacts ? state.fresh++ : null);
  return () => {
    for (let tries = 0; tries < contacts; tries++) {
      const c = state.cursor++ % contacts;
      if (!state.busy.has(c)) return c;
    }
    return -1;
  };
}

/**
 * One phase against one target, `lanes` lanes for `seconds`:
 *   new   every webhook is the first message of a customer never seen before;
 *   fill  (not timed) first messages for customers 0..contacts-1 that have none yet;
 *   known the next message of customers 0..contacts-1 (each one after the other, as a phone sends).
 * Returns { acks: [ms], acked, elapsed, webhooks, duplicates, failures }.
 */
export async function runPhase(url, state, { phase, seconds = Infinity, lanes, contacts, duplicates }) {
  const stats = { acks: [], webhooks: 0, duplicates: 0, failures: new Map() };
  const take = picker(state, phase, contacts);
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  const lane = async () => {
    while (performance.now() < stopAt) {
      const c = take();
      if (c === null) return;
      if (c < 0) {
        await sleep(1);
        continue;
      }
      state.busy.add(c);
      await deliver(url, state, c, stats, { stopAt, duplicates });
      state.busy.delete(c);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const elapsed = (performance.now() - started) / 1000;
  return { ...stats, acked: stats.acks.length, elapsed };
}
