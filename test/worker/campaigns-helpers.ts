import { env } from "cloudflare:workers";
import { contactListRows, contactLists } from "../../worker/db/schema-contact-lists";
import type { DomainEvent } from "../../worker/events/types";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { sandboxStub } from "../../worker/sandbox/routes";
import { call, db, json, seed, signIn } from "./helpers";

export const ORG = "org_demo";
export const TEMPLATE = "tpl_demo_order_update";

/**
 * What each campaign file starts from: the sandbox's statuses come back to this Worker (no other
 * delivery target), the demo tenant, a WhatsApp balance, and each of `emails` signed in (their
 * session cookies, in the order given; as `seedAndSignIn`, without the other tenant).
 */
export async function readyToBroadcast<const E extends readonly string[]>(
  balance: number,
  ...emails: E
): Promise<{ [K in keyof E]: string }> {
  setDeliveryTarget(null);
  await seed();
  const cookies = await Promise.all(emails.map((email) => signIn(email)));
  await setBalance(balance);
  return cookies as { [K in keyof E]: string };
}

/**
 * Rule I3: what a campaign tells a recipient's room when Meta took its message (`sent`), for the
 * broadcast rooms' listener; a made-up campaign unless `campaignId` names one.
 */
export function broadcastSent(phone: string, providerMessageId: string, campaignId = "cmp_made_up"): DomainEvent {
  return {
    type: "campaign.message",
    id: `${campaignId}:1:1:sent`,
    at: Date.now(),
    organizationId: ORG,
    campaignId,
    campaignName: "Promo",
    channelId: "ch_demo_whatsapp",
    recipientId: 1,
    phone,
    providerMessageId,
    text: "Promo",
    status: "sent",
    error: null,
    sentAt: Date.now(),
  };
}

/** A contact list straight into D1 (list upload is another feature): `phones` in E.164. */
export async function insertList(phones: string[], organizationId = ORG): Promise<string> {
  const id = `lst_${crypto.randomUUID().slice(0, 8)}`;
  await db()
    .insert(contactLists)
    .values({
      id,
      organizationId,
      name: id,
      columns: ["phone", "name", "a", "b", "order"],
      rowCount: phones.length,
      duplicateCount: 0,
    });
  for (let i = 0; i < phones.length; i += 20) {
    await db()
      .insert(contactListRows)
      .values(
        phones.slice(i, i + 20).map((phone, j) => ({
          listId: id,
          rowNo: i + j + 2,
          phone,
          cells: { phone, name: `Customer ${i + j}`, a: "", b: "", order: `A-${1000 + i + j}` },
        })),
      );
  }
  return id;
}

/** `count` fresh Indonesian numbers, unique per call. */
let block = 0;
export function phones(count: number): string[] {
  block++;
  const base = 6281300000000 + Math.floor(Math.random() * 9_000) * 10_000 + block * 100;
  return Array.from({ length: count }, (_, i) => `+${base + i}`);
}

export interface CampaignJson {
  id: string;
  status: string;
  stopReason: string | null;
  total: number;
  counts: Record<
    "queued" | "sending" | "held" | "sent" | "delivered" | "read" | "failed" | "cancelled" | "skipped",
    number
  >;
  cost: number;
  estimate: number;
}

export const orderVariables = [{ column: "name" }, { column: "order" }];

export async function createCampaign(
  cookie: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return call("/api/campaigns", {
    cookie,
    body: { name: "Test", templateId: TEMPLATE, variables: orderVariables, ...body },
    headers,
  });
}

export async function campaign(cookie: string, id: string): Promise<CampaignJson> {
  return json<CampaignJson>(await call(`/api/campaigns/${id}`, { cookie }));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the campaign until `done` says so (or `timeoutMs`), answering its last view. */
export async function waitFor(cookie: string, id: string, done: (c: CampaignJson) => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let c = await campaign(cookie, id);
  while (!done(c) && Date.now() < until) {
    await sleep(200);
    c = await campaign(cookie, id);
  }
  return c;
}

/** The template messages a sandbox customer received. */
export async function received(phone: string): Promise<number> {
  const conversation = await sandboxStub(env).conversation(phone.replace(/^\+/, ""));
  return conversation.filter((m) => m.direction === "out" && m.type === "template").length;
}

export async function setBalance(packageBalance: number, topupBalance = 0, organizationId = ORG) {
  await env.DB.prepare("UPDATE wallets SET package_balance = ?, topup_balance = ? WHERE organization_id = ?")
    .bind(packageBalance, topupBalance, organizationId)
    .run();
}

/** Net rupiah the WhatsApp balance paid per recipient of a campaign (charges minus refunds, B7). */
export async function netChargesPerRecipient(campaignId: string): Promise<Map<string, number>> {
  const { results } = await env.DB.prepare(
    `SELECT message_id AS m, sum(amount) AS net FROM ledger_entries
     WHERE message_id LIKE ? AND wallet IN ('package_balance', 'topup_balance') GROUP BY message_id`,
  )
    .bind(`cmp:${campaignId}:%`)
    .all<{ m: string; net: number }>();
  const perRecipient = new Map<string, number>();
  for (const r of results) {
    const recipient = r.m.split(":")[2] as string;
    perRecipient.set(recipient, (perRecipient.get(recipient) ?? 0) - r.net);
  }
  return perRecipient;
}

export async function setThroughput(cookie: string, messagesPerSecond: number) {
  const res = await call("/api/channels/ch_demo_whatsapp/campaign-throughput", {
    method: "PUT",
    cookie,
    body: { messagesPerSecond },
  });
  if (res.status !== 200) throw new Error(`throughput: ${res.status}`);
}

/** An APPROVED MARKETING template both at the provider (sandbox) and in the platform. */
export async function marketingTemplate(name: string): Promise<{ id: string; providerId: string }> {
  const stub = sandboxStub(env);
  const components = [{ type: "BODY", text: "Promo for {{1}}", example: { body_text: [["Ayu"]] } }];
  const created = await stub.createTemplate({ name, language: "en", category: "MARKETING", components });
  if (!created.ok) throw new Error("sandbox template");
  const providerId = created.template.id;
  const id = `tpl_${name}`;
  await env.DB.prepare(
    "INSERT INTO templates (id, organization_id, channel_id, name, language, category, status, components, provider_template_id) VALUES (?, ?, 'ch_demo_whatsapp', ?, 'en', 'MARKETING', 'APPROVED', ?, ?)",
  )
    .bind(id, ORG, name, JSON.stringify(components), providerId)
    .run();
  await stub.reviewTemplate(providerId, "APPROVED");
  return { id, providerId };
}
