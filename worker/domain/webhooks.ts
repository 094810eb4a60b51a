/**
 * Rule G5: tenant webhooks. Which events a tenant may subscribe to, when a failed delivery is tried
 * again, when an endpoint is given up on, and which URLs may receive. Pure: callers pass `now`.
 */
export const WEBHOOK_EVENT_TYPES = [
  "message.created",
  "message.updated",
  "room.created",
  "room.assigned",
  "room.resolved",
  "contact.blocked",
  "contact.unblocked",
  "template.status_changed",
  // Campaigns (issue 15): a campaign starts, ends (with its counts), and its messages' statuses.
  "campaign.started",
  "campaign.completed",
  "campaign.recipient_status",
  "call.started",
  "call.answered",
  "call.ended",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (type: string): type is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/**
 * Seconds to wait before attempt 2, 3, ...: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then 12 h steps,
 * about 3 days in all (the Standard Webhooks / Svix schedule, capped by Queues' 12 h delay).
 */
export const RETRY_DELAYS_S = [
  5,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  12 * HOUR,
  12 * HOUR,
  12 * HOUR,
  12 * HOUR,
  12 * HOUR,
];

/** The wait before the next attempt after `attempts` failed ones, or null when the delivery is exhausted. */
export function retryDelayAfter(attempts: number, schedule: readonly number[] = RETRY_DELAYS_S): number | null {
  return schedule[attempts - 1] ?? null;
}

/** An endpoint that has failed without a success for this long is disabled and its admins told. */
export const DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;

export function failingTooLong(failingSince: number | null, now: number): boolean {
  return failingSince !== null && now - failingSince >= DISABLE_AFTER_MS;
}

/** An old secret keeps signing beside the new one this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** What 2xx means: delivered. 410 Gone: the tenant asks us to stop (the endpoint is disabled). */
export type AttemptVerdict = "delivered" | "gone" | "failed";
export function verdictOf(status: number | null): AttemptVerdict {
  if (status !== null && status >= 200 && status < 300) return "delivered";
  if (status === 410) return "gone";
  return "failed";
}

/**
 * Why a URL may not receive webhooks, or null. https only, and never a private, loopback, link-local
 * or otherwise internal address written into the URL (SSRF). `allowLocal` (development only) admits
 * http://127.0.0.1 and http://localhost, nothing else private.
 */
export function endpointUrlProblem(raw: string, allowLocal: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, like https://example.com/webhooks.";
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const local = host === "127.0.0.1" || host === "localhost";
  if (url.username || url.password) return "A webhook URL cannot carry a user name or password.";
  if (allowLocal && local && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:") return "A webhook URL must use https.";
  if (isInternalHost(host)) return "A webhook URL cannot point at a private, loopback or link-local address.";
  return null;
}

function isInternalHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
    return true;
  }
  if (!host.includes(".") && !host.includes(":")) return true; // a bare name resolves on the local network only
  const v4 = ipv4Of(host);
  if (v4) return isInternalV4(v4);
  if (host.includes(":")) return isInternalV6(host);
  return false;
}

function ipv4Of(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const n = parts.map(Number);
  return n.every((x) => x <= 255) ? n : null;
}

function isInternalV4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && (b as number) >= 64 && (b as number) <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && (b as number) >= 16 && (b as number) <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a as number) >= 224
  );
}

function isInternalV6(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "::" || h === "::1") return true;
  // An IPv4 address inside an IPv6 one (translated ::ffff:0:, mapped ::ffff:, NAT64 64:ff9b::,
  // compatible ::) reaches that IPv4 address: it is judged as one.
  for (const prefix of ["::ffff:0:", "::ffff:", "64:ff9b::", "::"]) {
    const v4 = h.startsWith(prefix) ? embeddedV4(h.slice(prefix.length)) : null;
    if (v4) return isInternalV4(v4);
  }
  return /^(fe[89ab]|fc|fd|ff)/.test(h);
}

/** The IPv4 address at the end of an IPv6 one, dotted or (as the URL parser writes it) two hex groups. */
function embeddedV4(tail: string): number[] | null {
  const dotted = ipv4Of(tail);
  if (dotted) return dotted;
  const hex = tail.match(/^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (!hex) return null;
  const [hi, lo] = [Number.parseInt(hex[1] as string, 16), Number.parseInt(hex[2] as string, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

/** The reason an endpoint an admin turned off carries; any other reason is the platform's (410, 5 days). */
export const ADMIN_DISABLED_REASON = "Disabled by an admin.";

/**
 * Rule G5: how an event's delivery to an endpoint starts: sent to an enabled endpoint; kept as failed
 * for one the platform turned off (so that Recover sends it once the endpoint is fixed and enabled
 * again, as the admins' email says); none for one an admin turned off.
 */
export function deliveryStartFor(endpoint: { enabled: boolean; disabledReason: string | null }) {
  if (endpoint.enabled) return "pending" as const;
  return endpoint.disabledReason === ADMIN_DISABLED_REASON ? null : ("failed" as const);
}
