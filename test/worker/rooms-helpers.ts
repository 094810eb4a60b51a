import { exports } from "cloudflare:workers";
import type { DeliveryStatus } from "../../worker/channels/types";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import {
  buildInboundWebhook,
  buildStatusWebhook,
  type InboundMessageInput,
} from "../../worker/channels/whatsapp/webhook-builders";
import {
  SANDBOX_APP_SECRET,
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
} from "../../worker/sandbox/config";
import { call, json, ORIGIN } from "./helpers";

const account = {
  phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
  displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
  wabaId: SANDBOX_WABA_ID,
};

let counter = 0;
export const wamid = () => `wamid.TEST${Date.now()}${++counter}`;
export const seconds = (ms: number) => Math.floor(ms / 1000);

/** POSTs a raw body to the real webhook endpoint, signed with the sandbox app secret unless told otherwise. */
export async function postWebhook(raw: string, signature?: string | null): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const sig = signature === undefined ? await signWhatsAppBody(raw, SANDBOX_APP_SECRET) : signature;
  if (sig !== null) headers["x-hub-signature-256"] = sig;
  return exports.default.fetch(new Request(`${ORIGIN}/webhooks/whatsapp`, { method: "POST", headers, body: raw }));
}

export interface CustomerText {
  waId: string;
  name?: string;
  text?: string;
  id?: string;
  at?: number;
  message?: InboundMessageInput;
}

/** A customer's message as Meta delivers it; returns its wamid and the raw body (to deliver again). */
export async function customerWrites(m: CustomerText) {
  const id = m.id ?? wamid();
  const message: InboundMessageInput = m.message ?? {
    id,
    timestamp: seconds(m.at ?? Date.now()),
    type: "text",
    text: { body: m.text ?? "Halo" },
  };
  const raw = JSON.stringify(
    buildInboundWebhook({ ...account, contact: { waId: m.waId, name: m.name ?? "Customer" }, message }),
  );
  const res = await postWebhook(raw);
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  return { id: message.id, raw };
}

export async function statusArrives(
  id: string,
  status: DeliveryStatus,
  recipientId: string,
  errors?: { code: number; title: string; message?: string; error_data?: { details: string } }[],
) {
  const raw = JSON.stringify(
    buildStatusWebhook({
      ...account,
      status: { id, status, timestamp: seconds(Date.now()), recipientId, ...(errors ? { errors } : {}) },
    }),
  );
  const res = await postWebhook(raw);
  if (res.status !== 200) throw new Error(`status webhook answered ${res.status}`);
}

export interface RoomJson {
  id: string;
  status: string;
  assigneeId: string | null;
  contactId: string;
  contactExternalId: string;
  contactBlocked: boolean;
  contactName: string | null;
  lastMessagePreview: string | null;
  windowExpiresAt: number | null;
  unreadCount: number;
}
export interface MessageJson {
  id: string;
  seq: number;
  direction: string;
  kind: string;
  text: string | null;
  status: string;
  providerMessageId: string | null;
  error: { code: string; title: string; detail: string | null } | null;
  media: { url: string | null; mimeType: string | null } | null;
}

export async function roomsOf(cookie: string, view = "all"): Promise<RoomJson[]> {
  const res = await call(`/api/rooms?view=${view}`, { cookie });
  if (res.status !== 200) throw new Error(`rooms list ${res.status}: ${await res.text()}`);
  return (await json<{ rooms: RoomJson[] }>(res)).rooms;
}

export async function roomOfContact(cookie: string, waId: string, view = "all"): Promise<RoomJson> {
  const room = (await roomsOf(cookie, view)).find((r) => r.contactExternalId === waId);
  if (!room) throw new Error(`no room for ${waId}`);
  return room;
}

export async function messagesOf(cookie: string, roomId: string): Promise<MessageJson[]> {
  const res = await call(`/api/rooms/${roomId}/messages?limit=200`, { cookie });
  if (res.status !== 200) throw new Error(`messages ${res.status}: ${await res.text()}`);
  return (await json<{ messages: MessageJson[] }>(res)).messages;
}

export async function reply(cookie: string, roomId: string, text: string) {
  return call(`/api/rooms/${roomId}/messages`, { cookie, body: { type: "text", text } });
}

/** Opens a WebSocket through the real entry and collects its JSON events. */
export async function openSocket(path: string, cookie: string) {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { headers: { Upgrade: "websocket", cookie: `sid=${cookie}`, origin: ORIGIN } }),
  );
  const ws = res.webSocket;
  if (!ws) throw new Error(`no websocket: ${res.status} ${await res.text()}`);
  ws.accept();
  const events: { type: string; [k: string]: unknown }[] = [];
  ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string)));
  const waitFor = async (predicate: (e: (typeof events)[number]) => boolean, ms = 2000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const hit = events.find(predicate);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no matching event in ${JSON.stringify(events.map((e) => e.type))}`);
  };
  return { ws, events, waitFor, close: () => ws.close(1000, "done") };
}
