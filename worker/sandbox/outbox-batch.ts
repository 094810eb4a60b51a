import type { Row } from "./store";

/**
 * Like Meta, the sandbox puts status updates that are due together into one webhook: "POST requests
 * are aggregated and sent in a batch with a maximum of 1000 updates. However, batching cannot be
 * guaranteed" (developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint,
 * "Batching"). A hundred keeps one webhook's work for the platform small.
 */
export const STATUS_BATCH = 100;

type StatusBody = {
  object: string;
  entry: [
    { id: string; changes: [{ field: string; value: { metadata: { phone_number_id: string }; statuses: unknown[] } }] },
  ];
};

/** A status webhook's body when it has the one shape the sandbox builds (one entry, one change); else null. */
function statusBodyOf(row: Row): StatusBody | null {
  if (row.kind !== "status") return null;
  const body = JSON.parse(row.body as string) as StatusBody;
  const [entry] = body.entry ?? [];
  const [change] = entry?.changes ?? [];
  if (body.entry.length !== 1 || entry?.changes.length !== 1 || !Array.isArray(change?.value?.statuses)) return null;
  return body;
}

/**
 * The webhooks to post for deliveries that may go now (each the first of its message, oldest first):
 * statuses of one business number together, up to `STATUS_BATCH` in one webhook; everything else
 * (messages, template changes, re-deliveries) alone, byte for byte as stored.
 */
export function webhooksOf(rows: Row[]): { rows: Row[]; body: string }[] {
  const out: { rows: Row[]; body: string }[] = [];
  const open = new Map<string, { rows: Row[]; body: StatusBody }>();
  const close = (key: string) => {
    const batch = open.get(key);
    open.delete(key);
    if (!batch) return;
    const body = batch.rows.length === 1 ? (batch.rows[0]?.body as string) : JSON.stringify(batch.body);
    out.push({ rows: batch.rows, body });
  };
  for (const row of rows) {
    const body = statusBodyOf(row);
    if (!body) {
      out.push({ rows: [row], body: row.body as string });
      continue;
    }
    const key = `${body.entry[0].id}/${body.entry[0].changes[0].value.metadata.phone_number_id}`;
    const batch = open.get(key);
    if (!batch) {
      open.set(key, { rows: [row], body });
      continue;
    }
    batch.rows.push(row);
    batch.body.entry[0].changes[0].value.statuses.push(...body.entry[0].changes[0].value.statuses);
    if (batch.rows.length === STATUS_BATCH) close(key);
  }
  for (const key of [...open.keys()]) close(key);
  return out;
}
