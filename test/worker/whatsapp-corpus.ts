/**
 * The corpus of real WhatsApp webhook bodies (test/fixtures/whatsapp/README.md names their sources)
 * and how each is refreshed to address the demo channel with ids of its own before it is posted.
 */

import { SANDBOX_DISPLAY_PHONE_NUMBER, SANDBOX_PHONE_NUMBER_ID, SANDBOX_WABA_ID } from "../../worker/sandbox/config";
import metaBsuid from "../fixtures/whatsapp/meta/bsuid.json";
import metaSystem from "../fixtures/whatsapp/meta/system.json";
import callbackButton from "../fixtures/whatsapp/pywa/callback_button.json";
import callbackSelection from "../fixtures/whatsapp/pywa/callback_selection.json";
import deletedMessage from "../fixtures/whatsapp/pywa/deleted_message.json";
import editedMessage from "../fixtures/whatsapp/pywa/edited_message.json";
import flowCompletion from "../fixtures/whatsapp/pywa/flow_completion.json";
import message from "../fixtures/whatsapp/pywa/message.json";
import messageStatus from "../fixtures/whatsapp/pywa/message_status.json";
import system from "../fixtures/whatsapp/pywa/system.json";

export const corpus: Record<string, Record<string, unknown>> = {
  "pywa/message": message,
  "pywa/callback_button": callbackButton,
  "pywa/callback_selection": callbackSelection,
  "pywa/deleted_message": deletedMessage,
  "pywa/edited_message": editedMessage,
  "pywa/flow_completion": flowCompletion,
  "pywa/message_status": messageStatus,
  "pywa/system": system,
  "meta/bsuid": metaBsuid,
  "meta/system": metaSystem,
};

/** Every payload of the corpus, by "<folder>/<file>#<key>". */
export const corpusNames = (): string[] =>
  Object.entries(corpus).flatMap(([file, payloads]) => Object.keys(payloads).map((key) => `${file}#${key}`));

export function payloadNamed(name: string): unknown {
  const [file, key] = name.split("#") as [string, string];
  const payload = corpus[file]?.[key];
  if (!payload) throw new Error(`no payload ${name}`);
  return structuredClone(payload);
}

/** Who and what one refreshed payload is about. */
export interface Refreshed {
  body: Record<string, unknown>;
  /** The customer's phone (wa_id) in this payload. */
  phone: string;
  /** The second phone a payload names (the new number of a "changed number" system message). */
  newPhone: string;
  userId: string;
  /** The payload's message/status ids (`id`), refreshed, in order. */
  ids: string[];
}

let serial = 0;
const run = Date.now().toString().slice(-7);

const BUSINESS_NUMBERS = new Set(["972123456789", "1122334455667", "<BUSINESS_DISPLAY_PHONE_NUMBER>"]);
const PHONE_KEYS = new Set(["from", "wa_id", "recipient_id", "recipient_participant_id"]);
const USER_ID_KEYS = new Set(["user_id", "from_user_id", "recipient_user_id", "recipient_participant_user_id"]);
const PARENT_KEYS = new Set(["parent_user_id", "recipient_participant_parent_user_id"]);
const REF_KEYS = new Set(["original_message_id", "message_id"]);

/**
 * Rewrites a corpus payload for the demo channel. `refs` points the ids a payload refers to (a
 * reaction's message_id, an edit's original_message_id, a status's id) at messages of the test.
 */
export function refresh(name: string, refs: { target?: string; statusId?: string } = {}): Refreshed {
  const n = `${run}${String(++serial).padStart(4, "0")}`;
  const phone = `628${n}`;
  const newPhone = `629${n}`;
  const userId = `ID.${n}`;
  // The customer numbers the sources use (pywa's, Meta's placeholders), and the new number of a change.
  const phones = new Map<string, string>([
    ...["972987654321", "16505551234", "<WHATSAPP_USER_PHONE_NUMBER>", "<USER_PHONE_NUMBER>"].map(
      (v) => [v, phone] as [string, string],
    ),
    ["<GROUP_PARTICIPANT_USER_PHONE_NUMBER>", phone],
    ["972912345678", newPhone],
    ["<NEW_WHATSAPP_USER_PHONE_NUMBER>", newPhone],
  ]);
  const ids: string[] = [];
  const placeholders: Record<string, string> = {
    "<WHATSAPP_USER_PROFILE_NAME>": "Corpus Customer",
    "<USER_DISPLAY_NAME>": "Corpus Customer",
    "<USERNAME>": `@corpus${n}`,
    "<BSUID>": userId,
    "<PARENT_BSUID>": `ID.ENT.${n}`,
    "<MESSAGE_BODY_TEXT>": `Halo from ${name}`,
  };
  const phoneOf = (v: string) => {
    if (BUSINESS_NUMBERS.has(v)) return SANDBOX_DISPLAY_PHONE_NUMBER;
    return phones.get(v) ?? phone;
  };
  const walk = (node: unknown, key: string | null, parentKey: string | null): unknown => {
    if (Array.isArray(node)) return node.map((x) => walk(x, null, key));
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k, key ?? parentKey)]));
    }
    if (typeof node !== "string" || key === null) return node;
    if (key === "phone_number_id") return SANDBOX_PHONE_NUMBER_ID;
    if (key === "display_phone_number") return SANDBOX_DISPLAY_PHONE_NUMBER;
    if (key === "timestamp" || key === "created_timestamp") return String(Math.floor(Date.now() / 1000));
    if (PHONE_KEYS.has(key)) return phoneOf(node);
    if (USER_ID_KEYS.has(key)) return userId;
    if (PARENT_KEYS.has(key)) return `ID.ENT.${n}`;
    if (REF_KEYS.has(key)) return refs.target ?? `wamid.CORPUS.REF.${n}`;
    if (key === "id" && (parentKey === "messages" || parentKey === "statuses")) {
      const id = parentKey === "statuses" && refs.statusId ? refs.statusId : `wamid.CORPUS.${n}.${ids.length}`;
      ids.push(id);
      return id;
    }
    if (key === "id" && parentKey === "context" && node.startsWith("wamid.")) return refs.target ?? node;
    let out = node;
    for (const [from, to] of Object.entries(placeholders)) out = out.split(from).join(to);
    // Meta's sentence names the old and new numbers: keep it consistent with the refreshed ids.
    for (const [from, to] of phones) out = out.split(from).join(to);
    return out;
  };
  const body = walk(payloadNamed(name), null, null) as { entry: { id: string }[] };
  for (const entry of body.entry) entry.id = SANDBOX_WABA_ID;
  return { body: body as unknown as Record<string, unknown>, phone, newPhone, userId, ids };
}
