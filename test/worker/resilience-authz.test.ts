// Resilience (A3, tenant isolation): an authorization sweep over every route of the API as the
// Worker itself publishes it in /api/openapi.json, so a route added later is swept too:
// - without credentials (and with bad ones): 401;
// - as an agent (and a supervisor) where a higher role is needed: 403, with a valid body, so the
//   refusal is about the role and nothing else;
// - on another tenant's ids (path, and ids in bodies): 404, for the admin and for the agent, and the
//   other tenant's data does not change.
// ACCESS below is rule A3 written down per operation; a route missing from it fails the sweep.
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roomStub } from "../../worker/rooms/room-do";
import { addWhatsAppNumber, call, expectProblem, json, ORIGIN, seedAndSignIn } from "./helpers";
import {
  deliverUntilAccepted,
  fillPath,
  inboundBody,
  type OpenApiDocument,
  openApiDocument,
  quietInfoLogs,
  type Route,
  routesOf,
} from "./resilience-helpers";
import type { MessageJson, RoomJson } from "./rooms-helpers";

type Role = "agent" | "supervisor" | "admin";
type Ids = Record<string, string>;
interface Access {
  /** The least role that may call it (with `query`/`body` as given). */
  role: Role;
  /** A valid body for the call, given the tenant's ids (so a refusal is about the role alone). */
  body?: (ids: Ids) => unknown;
  query?: string;
  /** Body ids that belong to a tenant: with the other tenant's, the answer is 404. */
  foreignBody?: (other: Ids) => unknown;
  /** Why an agent may call it although `role` is higher for these ids (the room is not theirs): no 403 before validation. */
  agentMayCall?: string;
  /** Calls whose least role depends on the request (a query or a form field). */
  variants?: { role: Role; query?: string; body?: () => unknown; form?: () => FormData; note: string }[];
}

const template = { templateName: "order_update", language: "en", variables: ["Ayu", "A-1"] };
const sweepCampaign = (templateId: string) => ({
  name: "Sweep",
  templateId,
  phone: "+6284100000009",
  variables: [{ value: "Ayu" }, { value: "A-1" }],
});
const newTemplate = (channelId: string) => ({
  channelId,
  name: "sweep_template",
  language: "en",
  category: "UTILITY",
  components: [{ type: "BODY", text: "Hello from the sweep" }],
});
const contactListForm = () => {
  const form = new FormData();
  form.set("name", "sweep list");
  form.set("file", new File(["phone\n081234567890\n"], "sweep.csv"));
  return form;
};
const contactImportForm = () => {
  const form = new FormData();
  form.set("file", new File(["phone,name\n081234567891,Sweep Import\n"], "contacts.csv"));
  return form;
};
const SWEEP_SDP = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 AA:BB\r\n";
/** A call log row of the tenant's (the API finds a call by it; its object is never reached on a 404). */
async function callRow(id: string, organizationId: string, channelId: string) {
  await env.DB.prepare(
    `INSERT INTO calls (id, organization_id, channel_id, provider_call_id, direction, state, outcome, started_at, ended_at)
       VALUES (?, ?, ?, ?, 'inbound', 'ended', 'unanswered', 0, 0)`,
  )
    .bind(id, organizationId, channelId, `wacid.${id}`)
    .run();
  return id;
}
const ACCESS: Record<string, Access> = {
  "POST /api/auth/logout": { role: "agent" },
  "POST /api/auth/switch": {
    role: "agent",
    body: () => ({ organizationId: "org_demo" }),
    foreignBody: (o) => ({ organizationId: o.organization! }),
  },
  "GET /api/me": { role: "agent" },
  // Issue 17 item 7, rule I12: one's own profile choices and availability.
  "PATCH /api/me": { role: "agent", body: () => ({ language: "en" }) },
  "PUT /api/me/availability": { role: "agent", body: () => ({ availability: "online" }) },
  "GET /api/me/invitations": { role: "agent" },
  "POST /api/me/invitations/{organizationId}/accept": { role: "agent" },
  "DELETE /api/me/invitations/{organizationId}": { role: "agent" },
  "PUT /api/me/password": {
    role: "agent",
    body: () => ({ currentPassword: "wrong-password", newPassword: "another-password-1" }),
  },
  "GET /api/users": { role: "admin" },
  "POST /api/users": {
    role: "admin",
    body: () => ({ email: "sweep@demo.test", name: "Sweep", role: "agent" }),
  },
  "PATCH /api/users/{id}": { role: "admin", body: () => ({ name: "Renamed by the sweep" }) },
  "DELETE /api/users/{id}": { role: "admin" },
  "GET /api/api-keys": { role: "admin" },
  "POST /api/api-keys": { role: "admin", body: () => ({ name: "sweep", role: "admin" }) },
  "DELETE /api/api-keys/{id}": { role: "admin" },
  "GET /api/channels": { role: "agent" },
  "POST /api/channels": {
    role: "admin",
    body: () => ({
      name: "Sweep",
      phoneNumberId: "300000000000003",
      displayPhoneNumber: "+62 811 0000 0003",
      wabaId: "300000000000004",
      accessToken: "sweep-access-token",
      appSecret: "sweep-app-secret",
      verifyToken: "sweep-verify-token",
    }),
  },
  "GET /api/channels/{id}": { role: "agent" },
  "PATCH /api/channels/{id}": { role: "admin", body: () => ({ name: "Renamed by the sweep" }) },
  "DELETE /api/channels/{id}": { role: "admin" },
  // view=all is for supervisors; without a view an agent gets their own rooms (mine), so no 403 there.
  "GET /api/rooms": { role: "supervisor", query: "view=all" },
  "POST /api/rooms/resolve-expired": { role: "supervisor" },
  "GET /api/rooms/{id}": { role: "agent" },
  "GET /api/rooms/{id}/messages": { role: "agent" },
  "POST /api/rooms/{id}/messages": { role: "agent", body: () => ({ type: "text", text: "from the sweep" }) },
  "POST /api/rooms/{id}/template-messages": { role: "agent", body: () => template },
  "POST /api/rooms/{id}/notes": { role: "agent", body: () => ({ text: "from the sweep" }) },
  // Agents may only transfer a room they hold; the sweep's rooms are not theirs.
  "POST /api/rooms/{id}/assign": {
    role: "supervisor",
    agentMayCall: "an agent transfers a room they hold",
    body: (ids) => ({ userId: ids.user! }),
    foreignBody: (o) => ({ userId: o.user! }),
  },
  "POST /api/rooms/{id}/take": { role: "agent" },
  "POST /api/rooms/{id}/resolve": { role: "agent" },
  "POST /api/rooms/{id}/read": { role: "agent" },
  "GET /api/rooms/{id}/messages/{messageId}/media": { role: "agent" },
  "GET /api/contacts": { role: "agent" },
  "POST /api/contacts": { role: "agent", body: () => ({ phone: "6281999000111" }) },
  "GET /api/contacts/{id}": { role: "agent" },
  "PATCH /api/contacts/{id}": { role: "agent", body: () => ({ notes: "from the sweep" }) },
  "GET /api/contacts/{id}/rooms": { role: "agent" },
  // Issue 17 item 5: import and export for supervisors and admins.
  "GET /api/contacts/export": { role: "supervisor" },
  "POST /api/contacts/import": {
    role: "supervisor",
    variants: [{ role: "supervisor", note: "a valid CSV import", form: () => contactImportForm() }],
  },
  "POST /api/contacts/{id}/block": { role: "agent" },
  "POST /api/contacts/{id}/unblock": { role: "agent" },
  "POST /api/contacts/{id}/template-messages": {
    role: "agent",
    body: (ids) => ({ ...template, channelId: ids.channel! }),
    foreignBody: (o) => ({ ...template, channelId: o.channel! }),
  },
  "GET /api/templates": { role: "agent" },
  "POST /api/templates": {
    role: "admin",
    body: (ids) => newTemplate(ids.channel!),
    foreignBody: (o) => newTemplate(o.channel!),
  },
  "GET /api/templates/{id}": { role: "agent" },
  "DELETE /api/templates/{id}": { role: "admin" },
  "PATCH /api/templates/{id}": { role: "admin" },
  "PUT /api/templates/{id}": { role: "admin" },
  "POST /api/otp": {
    role: "admin",
    body: () => ({ purpose: "template_submit" }),
    variants: [{ role: "admin", body: () => ({ purpose: "security_settings" }), note: "the security settings code" }],
  },
  "GET /api/campaigns": { role: "admin" },
  "POST /api/campaigns": {
    role: "admin",
    body: (ids) => sweepCampaign(ids.template!),
    foreignBody: (o) => sweepCampaign(o.template!),
  },
  "POST /api/campaigns/estimate": {
    role: "admin",
    body: (ids) => sweepCampaign(ids.template!),
    foreignBody: (o) => sweepCampaign(o.template!),
  },
  "GET /api/campaigns/{id}": { role: "admin" },
  "GET /api/campaigns/{id}/recipients": { role: "admin" },
  "GET /api/campaigns/{id}/recipients.csv": { role: "admin" },
  "POST /api/campaigns/{id}/cancel": { role: "admin" },
  "POST /api/campaigns/{id}/retry": { role: "admin" },
  "PUT /api/channels/{channelId}/campaign-throughput": { role: "admin", body: () => ({ messagesPerSecond: 80 }) },
  "PUT /api/channels/{channelId}/messaging-limit": { role: "admin", body: () => ({ tier: "TIER_250" }) },
  "GET /api/billing/usage": { role: "agent" },
  "GET /api/billing/ledger": { role: "admin" },
  "GET /api/reports/overview": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "GET /api/reports/overview.csv": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "GET /api/reports/agents": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "GET /api/reports/agents.csv": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "GET /api/reports/csat": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "GET /api/reports/csat.csv": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "POST /api/billing/topups": { role: "admin", body: () => ({ wallet: "whatsapp", amount: 10_000 }) },
  "POST /api/media": {
    role: "agent",
    variants: [
      {
        role: "admin",
        note: "a template header sample (purpose=template_sample)",
        form: () => {
          const form = new FormData();
          form.set("purpose", "template_sample");
          form.set("file", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], "s.pdf"));
          return form;
        },
      },
    ],
  },
  "GET /api/settings": { role: "agent" },
  "PUT /api/settings": { role: "admin", body: () => ({ autoResolveExpired: true }) },
  "GET /api/settings/security": { role: "agent" },
  "PUT /api/settings/security": { role: "admin", body: () => ({ templateOtp: false }) },
  "GET /api/settings/office-hours": { role: "agent" },
  "PUT /api/settings/office-hours": {
    role: "admin",
    body: () => ({
      enabled: false,
      awayMessage: "Closed",
      days: { mon: [{ open: "09:00", close: "17:00" }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    }),
  },
  "GET /api/settings/csat": { role: "agent" },
  "GET /api/settings/assignment": { role: "supervisor" },
  "PUT /api/settings/assignment": { role: "admin", body: () => ({ enabled: false, maxOpenPerAgent: 5 }) },
  "PUT /api/settings/csat": {
    role: "admin",
    body: () => ({ enabled: false, question: "How did we do?", templateName: null, templateLanguage: null }),
  },
  "GET /api/webhook-endpoints": { role: "admin" },
  "POST /api/webhook-endpoints": {
    role: "admin",
    body: () => ({ url: `${ORIGIN}/sandbox/receiver/sweep`, events: ["room.created"] }),
  },
  "GET /api/webhook-endpoints/{id}": { role: "admin" },
  "PATCH /api/webhook-endpoints/{id}": { role: "admin", body: () => ({ description: "changed by the sweep" }) },
  "DELETE /api/webhook-endpoints/{id}": { role: "admin" },
  "POST /api/webhook-endpoints/{id}/rotate-secret": { role: "admin" },
  "POST /api/webhook-endpoints/{id}/test": { role: "admin" },
  "GET /api/webhook-endpoints/{id}/deliveries": { role: "admin" },
  "POST /api/webhook-endpoints/{id}/recover": { role: "admin", body: () => ({ since: 0 }) },
  "POST /api/webhook-deliveries/{id}/replay": { role: "admin" },
  "GET /api/team": { role: "agent" },
  "GET /api/team/availability": { role: "supervisor" },
  "GET /api/quick-replies": { role: "agent" },
  "POST /api/quick-replies": { role: "admin", body: () => ({ title: "sweep", text: "from the sweep" }) },
  "PATCH /api/quick-replies/{id}": { role: "admin", body: () => ({ text: "changed by the sweep" }) },
  "DELETE /api/quick-replies/{id}": { role: "admin" },
  "POST /api/me/quick-replies": { role: "agent", body: () => ({ title: "mine", text: "from the sweep" }) },
  "PATCH /api/me/quick-replies/{id}": { role: "agent", body: () => ({ text: "changed by the sweep" }) },
  "DELETE /api/me/quick-replies/{id}": { role: "agent" },
  // Broadcast contact lists (T5): admins only; an upload is multipart.
  "GET /api/contact-lists": { role: "admin" },
  "POST /api/contact-lists": {
    role: "admin",
    variants: [{ role: "admin", note: "a valid CSV upload", form: () => contactListForm() }],
  },
  "GET /api/contact-lists/{id}": { role: "admin" },
  "DELETE /api/contact-lists/{id}": { role: "admin" },
  // WhatsApp calls (issue 14): agents answer and place calls; ring groups and reports for supervisors; settings for admins.
  "GET /api/calls/ice-servers": { role: "agent" },
  "GET /api/calls/ringing": { role: "agent" },
  "GET /api/calls/{id}": { role: "agent" },
  "POST /api/calls/{id}/accept": { role: "agent", body: () => ({ sdp: SWEEP_SDP }) },
  "POST /api/calls/{id}/decline": { role: "agent" },
  "POST /api/calls/{id}/hangup": { role: "agent" },
  "GET /api/rooms/{id}/call-permission": { role: "agent" },
  "POST /api/rooms/{id}/call-permission-requests": { role: "agent", body: () => ({}) },
  "POST /api/rooms/{id}/calls": { role: "agent", body: () => ({ sdp: SWEEP_SDP }) },
  "GET /api/channels/{id}/calling": { role: "admin" },
  "PUT /api/channels/{id}/calling": { role: "admin", body: () => ({ inbound: false, outbound: false }) },
  "GET /api/ring-groups": { role: "supervisor" },
  "POST /api/ring-groups": {
    role: "supervisor",
    body: (ids) => ({ name: "Sweep", channelId: ids.channel!, mode: "ring_all", members: [] }),
    foreignBody: (o) => ({ name: "Sweep", channelId: o.channel!, mode: "ring_all", members: [] }),
  },
  "GET /api/ring-groups/{id}": { role: "supervisor" },
  "PATCH /api/ring-groups/{id}": { role: "supervisor", body: () => ({ name: "Renamed by the sweep" }) },
  "DELETE /api/ring-groups/{id}": { role: "supervisor" },
  "GET /api/reports/calls": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "GET /api/reports/calls.csv": { role: "supervisor", query: "from=2026-12-01&to=2026-12-02" },
  "POST /api/realtime/tickets": { role: "agent" },
  "GET /api/rooms/{id}/ws": { role: "agent" },
  "GET /api/inbox/ws": { role: "agent" },
  // Issue 17 item 3: labels (I11) are managed by supervisors and admins, applied by everyone in the inbox.
  "GET /api/labels": { role: "agent" },
  "POST /api/labels": { role: "supervisor", body: () => ({ name: `Sweep ${crypto.randomUUID()}`, colour: "#123456" }) },
  "PATCH /api/labels/{id}": { role: "supervisor", body: () => ({ colour: "#654321" }) },
  "DELETE /api/labels/{id}": { role: "supervisor" },
  "PUT /api/rooms/{id}/labels": {
    role: "agent",
    body: (ids) => ({ labelIds: [ids.label!] }),
    foreignBody: (o) => ({ labelIds: [o.label!] }),
  },
  "POST /api/rooms/{id}/snooze": { role: "agent", body: () => ({ until: Date.now() + 3_600_000 }) },
  "DELETE /api/rooms/{id}/snooze": { role: "agent" },
  "POST /api/rooms/{id}/unread": { role: "agent" },
  "POST /api/rooms/bulk": {
    role: "agent",
    body: (ids) => ({ action: "label", labelId: ids.label!, roomIds: [ids.room!] }),
    foreignBody: (o) => ({ action: "label", labelId: o.label!, roomIds: [o.room!] }),
  },
};

/**
 * Routes that need no credentials by design: sign-in, password recovery, development helpers, and the
 * provider webhooks (authenticated by the provider's signature over the raw body instead).
 */
const PUBLIC = new Set([
  "GET /webhooks/whatsapp",
  "POST /webhooks/whatsapp",
  "GET /webhooks/{kind}/{key}",
  "POST /webhooks/{kind}/{key}",
  "POST /api/auth/login",
  "GET /api/auth/session",
  "POST /api/auth/password/forgot",
  "POST /api/auth/password/reset",
  "POST /api/auth/invitation",
  "POST /api/auth/invitation/accept",
  "POST /api/auth/email/confirm",
  "GET /api/dev/outbox",
  "POST /api/dev/seed",
]);

/**
 * Public routes whose answer to a request without credentials is a refusal of their own, never a 401
 * `unauthenticated`: a keyed provider webhook for a key that names no channel (issue 11, finding 7: the
 * same answer as a bad signature), and the handshake of a kind that has none (Telegram).
 */
const PUBLIC_REFUSALS: Record<string, { status: number; code: string }> = {
  "POST /webhooks/{kind}/{key}": { status: 401, code: "invalid_signature" },
  "GET /webhooks/{kind}/{key}": { status: 404, code: "not_found" },
};
/** The keyed webhook the sweep calls: a real kind, a key no channel has. */
const KEYED_WEBHOOK = { webhookKind: "telegram", webhookKey: "999999001" };

const OTHER_ACCOUNT = { phoneNumberId: "200000000000002", displayPhoneNumber: "+62 811 0000 0002", wabaId: "2000003" };
const OTHER_SECRET = "other-shop-app-secret";

let doc: OpenApiDocument;
let routes: Route[];
const sessions: Record<Role | "otherAdmin", string> = { agent: "", supervisor: "", admin: "", otherAdmin: "" };
const own: Ids = {};
const other: Ids = {};
let restoreLogs: () => void;
let agentKey = "";
let supervisorKey = "";

const keyOf = (r: Route) => `${r.method} ${r.path}`;
const isSocket = (r: Route) => Object.hasOwn(r.operation.responses ?? {}, "101");

/** `{id}` after `/rooms/` is a room, `{messageId}` after `/messages/` a message, and so on. */
function pathValues(route: Route, ids: Ids, whose: string): Record<string, string> {
  const values: Record<string, string> = {};
  const segments = route.path.split("/");
  for (const [i, segment] of segments.entries()) {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!param) continue;
    const resource = {
      users: "user",
      "api-keys": "apiKey",
      channels: "channel",
      rooms: "room",
      messages: "message",
      contacts: "contact",
      "quick-replies": "quickReply",
      templates: "template",
      invitations: "organization",
      "webhook-endpoints": "webhookEndpoint",
      "webhook-deliveries": "webhookDelivery",
      "contact-lists": "contactList",
      campaigns: "campaign",
      throughput: "channel",
      "messaging-limit": "channel",
      calls: "call",
      "ring-groups": "ringGroup",
      labels: "label",
      webhooks: "webhookKind",
      "{kind}": "webhookKey",
    }[segments[i - 1] ?? ""];
    const value = resource ? ids[resource] : undefined;
    if (!value) throw new Error(`no ${whose} id for {${param}} in ${route.path}: add one to the sweep`);
    values[param] = value;
  }
  return values;
}

interface Credentials {
  cookie?: string;
  bearer?: string;
  rawCookie?: string;
}

async function send(route: Route, ids: Ids, who: Credentials, opts: { body?: unknown; query?: string } = {}) {
  const path = fillPath(route.path, pathValues(route, ids, "own"));
  const url = opts.query ? `${path}?${opts.query}` : path;
  if (isSocket(route)) {
    const headers: Record<string, string> = { Upgrade: "websocket", origin: ORIGIN };
    if (who.cookie) headers.cookie = `sid=${who.cookie}`;
    if (who.rawCookie) headers.cookie = who.rawCookie;
    if (who.bearer) headers.authorization = `Bearer ${who.bearer}`;
    const res = await exports.default.fetch(new Request(`${ORIGIN}${url}`, { headers }));
    res.webSocket?.accept();
    res.webSocket?.close(1000);
    return res;
  }
  const headers: Record<string, string> = who.rawCookie ? { cookie: who.rawCookie } : {};
  return call(url, {
    method: route.method,
    ...(who.cookie ? { cookie: who.cookie } : {}),
    ...(who.bearer ? { bearer: who.bearer } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    headers,
  });
}

async function expectProblemStatus(res: Response, status: number, what: string) {
  const text = await res.text();
  expect(res.status, `${what}: ${text.slice(0, 200)}`).toBe(status);
  expect(res.headers.get("content-type"), what).toBe("application/problem+json");
  expect((JSON.parse(text) as { status: number }).status, what).toBe(status);
}

/** A copy of a template row for another organization and channel (the API needs a provider review). */
async function copyTemplate(from: string, id: string, organizationId: string, channelId: string) {
  const { results } = await env.DB.prepare("PRAGMA table_info(templates)").all<{ name: string }>();
  const columns = results.map((c) => `"${c.name}"`);
  const values = results.map((c) =>
    c.name === "id" ? "?1" : c.name === "organization_id" ? "?2" : c.name === "channel_id" ? "?3" : `"${c.name}"`,
  );
  await env.DB.prepare(
    `INSERT INTO templates (${columns.join(", ")}) SELECT ${values.join(", ")} FROM templates WHERE id = ?4`,
  )
    .bind(id, organizationId, channelId, from)
    .run();
  return id;
}

/** A tenant's webhook endpoint and one delivery of it (a test event). */
async function webhookIds(cookie: string) {
  const res = await call("/api/webhook-endpoints", {
    cookie,
    body: { url: `${ORIGIN}/sandbox/receiver/sweep-ids`, events: ["room.created"] },
  });
  const endpoint = await json<{ id: string }>(res);
  const delivery = await json<{ id: string }>(
    await call(`/api/webhook-endpoints/${endpoint.id}/test`, { cookie, body: {} }),
  );
  return { webhookEndpoint: endpoint.id, webhookDelivery: delivery.id };
}

/** A contact list of one row (rule T5) for the organization. */
async function contactList(id: string, organizationId: string) {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO contact_lists (id, organization_id, name, columns, row_count, duplicate_count) VALUES (?, ?, 'sweep', '[\"phone\"]', 1, 0)",
    ).bind(id, organizationId),
    env.DB.prepare(
      "INSERT INTO contact_list_rows (list_id, row_no, phone, cells) VALUES (?, 2, '+6281234567890', '{\"phone\":\"+6281234567890\"}')",
    ).bind(id),
  ]);
  return id;
}

/** The other tenant's campaign, as its index row (a 404 never reaches its object). */
async function otherCampaign(channelId: string) {
  const counts = JSON.stringify({
    queued: 0,
    sending: 0,
    held: 0,
    sent: 1,
    delivered: 0,
    read: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
  });
  await env.DB.prepare(
    `INSERT INTO campaigns (id, organization_id, name, channel_id, template_id, template_name, language, category, target,
       status, total, counts, estimate, updated_at, progress_at) VALUES ('cmp_other_sweep', 'org_other', 'Theirs', ?, 'tpl_other_sweep',
       'order_update', 'en', 'UTILITY', '{"phone":"+6284200000001"}', 'completed', 1, ?, 460, 0, 0)`,
  )
    .bind(channelId, counts)
    .run();
  return "cmp_other_sweep";
}

/** Every row of the other tenant's, to show a 404 changed nothing. */
async function otherTenantRows() {
  const out: Record<string, unknown[]> = {};
  for (const table of [
    "memberships",
    "channels",
    "contacts",
    "rooms",
    "api_keys",
    "quick_replies",
    "templates",
    "webhook_endpoints",
    "contact_lists",
    "campaigns",
    "calls",
    "ring_groups",
    "labels",
  ]) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${table}" WHERE organization_id = ? ORDER BY rowid`)
      .bind("org_other")
      .all();
    out[table] = results;
  }
  out.identity = [await env.DB.prepare("SELECT * FROM identities WHERE id = 'usr_other_admin'").first()];
  out.roomLog = await roomStub(env, other.room!).listMessages({ limit: 200 });
  return out;
}

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  [sessions.agent, sessions.supervisor, sessions.admin, sessions.otherAdmin] = await seedAndSignIn(
    "agent@demo.test",
    "supervisor@demo.test",
    "admin@demo.test",
    "boss@other.test",
  );
  doc = await openApiDocument();
  routes = routesOf(doc);
  // Rule G3: Meta is asked about each number connected here (the sandbox plays it).
  await addWhatsAppNumber({ phoneNumberId: "300000000000003", accessToken: "sweep-access-token" });
  await addWhatsAppNumber({ ...OTHER_ACCOUNT, accessToken: "other-shop-access-token" });

  const created = async (path: string, cookie: string, body: unknown) => {
    const res = await call(path, { cookie, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return json<Record<string, unknown>>(res);
  };

  // API keys acting as an agent and as a supervisor: roles hold for keys as for people.
  agentKey = (await created("/api/api-keys", sessions.admin, { name: "agent key", role: "agent" })).secret as string;
  supervisorKey = (await created("/api/api-keys", sessions.admin, { name: "sup key", role: "supervisor" }))
    .secret as string;

  // The demo tenant's ids.
  const at = Math.floor(Date.now() / 1000) - 60;
  await deliverUntilAccepted(inboundBody({ waId: "6284100000001", id: "wamid.SWEEP-own", at, text: "own" }));
  const ownRoom = (await json<{ rooms: RoomJson[] }>(await call("/api/rooms?view=all", { cookie: sessions.admin })))
    .rooms[0]!;
  const ownMessages = await json<{ messages: MessageJson[] }>(
    await call(`/api/rooms/${ownRoom.id}/messages`, { cookie: sessions.admin }),
  );
  Object.assign(own, {
    organization: "org_demo",
    user: "usr_demo_agent2",
    channel: "ch_demo_whatsapp",
    room: ownRoom.id,
    contact: ownRoom.contactId,
    message: ownMessages.messages[0]!.id,
    apiKey: (await created("/api/api-keys", sessions.admin, { name: "own", role: "agent" })).apiKey as string,
    quickReply: (await created("/api/quick-replies", sessions.admin, { title: "own", text: "own" })).id as string,
    template: "tpl_demo_order_update",
    ...(await webhookIds(sessions.admin)),
    contactList: await contactList("cl_sweep_own", "org_demo"),
    campaign: (await created("/api/campaigns", sessions.admin, sweepCampaign("tpl_demo_order_update"))).id as string,
    call: await callRow("call_sweep_own", "org_demo", "ch_demo_whatsapp"),
    ringGroup: (
      await created("/api/ring-groups", sessions.supervisor, {
        name: "own",
        channelId: "ch_demo_whatsapp",
        mode: "ring_all",
        members: [],
      })
    ).id as string,
    label: (await created("/api/labels", sessions.supervisor, { name: "own", colour: "#111111" })).id as string,
    ...KEYED_WEBHOOK,
  });
  own.apiKey = (own.apiKey as unknown as { id: string }).id;

  // The other tenant's: a channel, a customer who wrote (room, contact, message), a key, a quick reply.
  const channel = await created("/api/channels", sessions.otherAdmin, {
    name: "Other Shop WhatsApp",
    ...OTHER_ACCOUNT,
    accessToken: "other-shop-access-token",
    appSecret: OTHER_SECRET,
    verifyToken: "other-shop-verify-token",
  });
  await deliverUntilAccepted(
    inboundBody({ waId: "6284200000001", id: "wamid.SWEEP-other", at, text: "private", account: OTHER_ACCOUNT }),
    { secret: OTHER_SECRET },
  );
  const otherRoom = (
    await json<{ rooms: RoomJson[] }>(await call("/api/rooms?view=all", { cookie: sessions.otherAdmin }))
  ).rooms[0]!;
  const otherMessages = await json<{ messages: MessageJson[] }>(
    await call(`/api/rooms/${otherRoom.id}/messages`, { cookie: sessions.otherAdmin }),
  );
  Object.assign(other, {
    organization: "org_other",
    user: "usr_other_admin",
    channel: channel.id as string,
    room: otherRoom.id,
    contact: otherRoom.contactId,
    message: otherMessages.messages[0]!.id,
    apiKey: (
      (await created("/api/api-keys", sessions.otherAdmin, { name: "theirs", role: "admin" })).apiKey as {
        id: string;
      }
    ).id,
    quickReply: (await created("/api/quick-replies", sessions.otherAdmin, { title: "theirs", text: "theirs" }))
      .id as string,
    template: await copyTemplate("tpl_demo_order_update", "tpl_other_sweep", "org_other", channel.id as string),
    ...(await webhookIds(sessions.otherAdmin)),
    contactList: await contactList("cl_sweep_other", "org_other"),
    campaign: await otherCampaign(channel.id as string),
    call: await callRow("call_sweep_other", "org_other", channel.id as string),
    ringGroup: (
      await created("/api/ring-groups", sessions.otherAdmin, {
        name: "theirs",
        channelId: channel.id,
        mode: "ring_all",
        members: ["usr_other_admin"],
      })
    ).id as string,
    label: (await created("/api/labels", sessions.otherAdmin, { name: "theirs", colour: "#222222" })).id as string,
  });
}, 60_000); // it builds one record of every kind: slow on a loaded machine
afterAll(() => restoreLogs());

describe("authorization sweep over /api/openapi.json", () => {
  it("knows every route of the document", () => {
    expect(routes.length).toBeGreaterThan(40);
    const unknown = routes
      .map(keyOf)
      .filter((k) => !PUBLIC.has(k) && !Object.hasOwn(ACCESS, k))
      .sort();
    expect(unknown, "routes without an ACCESS entry: say who may call them").toEqual([]);
    const unsecured = routes
      .filter((r) => !r.operation.security?.length)
      .map(keyOf)
      .sort();
    expect(unsecured, "routes the document marks public").toEqual([...PUBLIC].sort());
    const stale = Object.keys(ACCESS).filter((k) => !routes.some((r) => keyOf(r) === k));
    expect(stale, "ACCESS entries for routes that no longer exist").toEqual([]);
  });

  it("answers 401 without credentials, with a bad cookie and with a bad key", async () => {
    const secured = routes.filter((r) => !PUBLIC.has(keyOf(r)));
    // Also the routes ACCESS does not know yet: credentials are checked before anything else.
    for (const route of secured) {
      const access = ACCESS[keyOf(route)];
      const body = access?.body?.(own) ?? (route.operation.requestBody ? {} : undefined);
      for (const who of [{}, { rawCookie: "sid=not-a-session" }, { bearer: "ek_not_a_key" }] as Credentials[]) {
        await expectProblemStatus(
          await send(route, own, who, { body, ...(access?.query ? { query: access.query } : {}) }),
          401,
          `${keyOf(route)} as ${JSON.stringify(who)}`,
        );
      }
    }
    // And the public routes really are public: none asks for credentials.
    for (const route of routes.filter((r) => PUBLIC.has(keyOf(r)))) {
      const res = await send(route, own, {}, { body: route.method === "GET" ? undefined : {} });
      const refusal = PUBLIC_REFUSALS[keyOf(route)];
      if (refusal) {
        await expectProblem(res, refusal.status, refusal.code);
        continue;
      }
      expect(res.status, keyOf(route)).not.toBe(401);
      await res.body?.cancel();
    }
  });

  /** Every call of the table below its least role, by the callers given for each role short of it. */
  async function forbiddenSweep(callersBelow: Record<Role, [string, Credentials][]>) {
    const checked: string[] = [];
    for (const route of routes) {
      const access = ACCESS[keyOf(route)];
      if (!access) continue;
      const cases = [
        { role: access.role, query: access.query, body: access.body?.(own), form: undefined as FormData | undefined },
        ...(access.variants ?? []).map((v) => ({ role: v.role, query: v.query, body: v.body?.(), form: v.form?.() })),
      ];
      for (const c of cases) {
        for (const [name, who] of callersBelow[c.role]) {
          let res: Response;
          if (c.form) {
            const path = fillPath(route.path, pathValues(route, own, "own"));
            const headers: Record<string, string> = who.cookie
              ? { cookie: `sid=${who.cookie}`, origin: ORIGIN }
              : { authorization: `Bearer ${who.bearer}` };
            res = await exports.default.fetch(
              new Request(`${ORIGIN}${path}`, { method: route.method, body: c.form, headers }),
            );
          } else {
            res = await send(route, own, who, { body: c.body, ...(c.query !== undefined ? { query: c.query } : {}) });
          }
          await expectProblemStatus(res, 403, `${keyOf(route)}${c.query ? `?${c.query}` : ""} as ${name}`);
          checked.push(`${keyOf(route)} ${name}`);
        }
      }
    }
    // Nothing that was refused happened anyway.
    const users = await env.DB.prepare("SELECT count(*) AS n FROM identities WHERE email = 'sweep@demo.test'").first();
    expect(users).toEqual({ n: 0 });
    const room = await call(`/api/rooms/${own.room}`, { cookie: sessions.admin });
    expect((await json<RoomJson>(room)).assigneeId).toBeNull();
    return checked;
  }

  it("answers 403 to a person whose role is below the one a route needs, with a valid request", async () => {
    const agent: [string, Credentials] = ["agent", { cookie: sessions.agent }];
    const supervisor: [string, Credentials] = ["supervisor", { cookie: sessions.supervisor }];
    const checked = await forbiddenSweep({ agent: [], supervisor: [agent], admin: [agent, supervisor] });
    expect(checked.length).toBeGreaterThan(25);

    // The other way round: the agent is let in where the table says so (safe reads only).
    for (const route of routes.filter((r) => r.method === "GET" && !isSocket(r) && !PUBLIC.has(keyOf(r)))) {
      const access = ACCESS[keyOf(route)]!;
      if (access.role !== "agent") continue;
      const res = await send(route, own, { cookie: sessions.agent });
      expect([401, 403], `${keyOf(route)} as agent: ${res.status}`).not.toContain(res.status);
      await res.body?.cancel();
    }
    const rooms = routes.find((r) => keyOf(r) === "GET /api/rooms")!;
    const mine = await send(rooms, own, { cookie: sessions.agent }, { query: "view=mine" });
    expect(mine.status).toBe(200);
  });

  it("answers 403 before validating: a role below the route's gets 403 for a bad body or bad ids too, never 400 (issue 11, finding 7)", async () => {
    const bad: { what: string; rawBody?: string; query?: string; id: string }[] = [
      { what: "wrong field types", rawBody: '{"name":12,"role":"owner","email":"not-an-email","amount":-1}', id: "x" },
      { what: "malformed JSON", rawBody: '{"name": ', id: "x" },
      { what: "an over-long id and a bad query", query: "limit=-5&view=nope", id: "x".repeat(300) },
    ];
    const checked: string[] = [];
    for (const route of routes) {
      const access = ACCESS[keyOf(route)];
      // A role that depends on the request (a query or a form field) is checked once the input is read.
      if (!access || access.role === "agent" || access.query || access.agentMayCall || isSocket(route)) continue;
      const callers: [string, string][] = [["agent", sessions.agent]];
      if (access.role === "admin") callers.push(["supervisor", sessions.supervisor]);
      for (const [name, cookie] of callers) {
        for (const b of bad) {
          const path = route.path.replace(/\{\w+\}/g, b.id);
          const url = b.query ? `${path}?${b.query}` : path;
          const withBody = route.method !== "GET" && route.method !== "DELETE" && b.rawBody !== undefined;
          const res = await call(url, { method: route.method, cookie, ...(withBody ? { rawBody: b.rawBody } : {}) });
          await expectProblemStatus(res, 403, `${keyOf(route)} as ${name} with ${b.what}`);
          checked.push(`${keyOf(route)} ${name}`);
        }
      }
      const declared = (route.operation as { "x-permission"?: string })["x-permission"];
      expect(declared, `${keyOf(route)} declares its permission in the document`).toBeTruthy();
    }
    expect(checked.length).toBeGreaterThan(50);
  });

  it("answers 403 to an API key whose role is below the one a route needs, with a valid request", async () => {
    const agentKeyCaller: [string, Credentials] = ["agent key", { bearer: agentKey }];
    const supervisorKeyCaller: [string, Credentials] = ["supervisor key", { bearer: supervisorKey }];
    const checked = await forbiddenSweep({
      agent: [],
      supervisor: [agentKeyCaller],
      admin: [agentKeyCaller, supervisorKeyCaller],
    });
    expect(checked.length).toBeGreaterThan(25);
  });

  it("answers 404 on another tenant's ids, and changes nothing of theirs", async () => {
    const before = await otherTenantRows();
    const checked: string[] = [];
    for (const route of routes) {
      // Public routes belong to no tenant by credentials (a webhook's channel is its key: channels-*.test.ts).
      if (PUBLIC.has(keyOf(route))) continue;
      // A route ACCESS does not know yet is swept too when it needs no body.
      const access = ACCESS[keyOf(route)] ?? (route.operation.requestBody ? null : { role: "admin" as Role });
      if (!access) continue;
      const hasIds = /\{\w+\}/.test(route.path);
      if (!hasIds && !access.foreignBody) continue;
      const callers: [string, string][] = [["admin", sessions.admin]];
      if (access.role === "agent") callers.push(["agent", sessions.agent]);
      for (const [name, cookie] of callers) {
        // Their ids in the path (with a valid body), then our path with their ids in the body.
        if (hasIds) {
          const path = fillPath(route.path, pathValues(route, other, "other tenant's"));
          const res = isSocket(route)
            ? await exports.default.fetch(
                new Request(`${ORIGIN}${path}`, {
                  headers: { Upgrade: "websocket", cookie: `sid=${cookie}`, origin: ORIGIN },
                }),
              )
            : await call(path, {
                method: route.method,
                cookie,
                ...(access.body ? { body: access.body(own) } : {}),
              });
          await expectProblemStatus(res, 404, `${keyOf(route)} on their ids as ${name}`);
          checked.push(`${keyOf(route)} ${name}`);
        }
        if (access.foreignBody) {
          const res = await send(route, own, { cookie }, { body: access.foreignBody(other) });
          await expectProblemStatus(res, 404, `${keyOf(route)} with their ids in the body as ${name}`);
          checked.push(`${keyOf(route)} body ${name}`);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(30);
    expect(await otherTenantRows()).toEqual(before);
  });
});
