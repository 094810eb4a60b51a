import { exports } from "cloudflare:workers";

/**
 * How the sandbox provider hands a signed Meta webhook to the platform: in-process, through the
 * Worker's own default entrypoint (`exports` from "cloudflare:workers", the same loopback as
 * `ctx.exports`; on by default since compatibility date 2025-11-17, so no compatibility flag is
 * needed at 2026-11-01). The platform's real `POST /webhooks/whatsapp` receives a genuine `Request`
 * with the raw signed body, exactly as if Meta had called it over HTTP; no listener is involved, so
 * it works in `wrangler dev`, in deployed development workers and in the vitest workerd pool.
 */
export type DeliveryTarget = (request: Request, env: Env) => Promise<Response>;

const platformEntrypoint: DeliveryTarget = (request) => exports.default.fetch(request);

let target: DeliveryTarget = platformEntrypoint;

/** Delivers one webhook request to the platform. Throws only when the target itself throws. */
export function deliverToPlatform(env: Env, request: Request): Promise<Response> {
  return target(request, env);
}

/**
 * Tests only: replace the delivery target (to capture what the sandbox sends), or pass null to
 * restore the platform's real entrypoint. Module state: it applies inside this isolate, which in
 * the vitest workerd pool is shared by the test file and the Durable Objects it calls.
 */
export function setDeliveryTarget(next: DeliveryTarget | null): void {
  target = next ?? platformEntrypoint;
}

/** The platform's WhatsApp webhook endpoint, on this Worker's own origin. */
export function platformWebhookUrl(env: Env): string {
  return `${env.APP_URL.replace(/\/+$/, "")}/webhooks/whatsapp`;
}
