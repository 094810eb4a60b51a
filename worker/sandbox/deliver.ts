import { exports } from "cloudflare:workers";
import { signWhatsAppBody } from "../channels/whatsapp/signature";
import { SANDBOX_APP_SECRET } from "./config";

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

/** Posts a webhook body to the platform's WhatsApp endpoint, signed with the sandbox app's secret as Meta signs it. */
export async function postSignedWebhook(env: Env, body: string): Promise<Response> {
  const request = new Request(platformWebhookUrl(env), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "facebookexternalua",
      "x-hub-signature-256": await signWhatsAppBody(body, SANDBOX_APP_SECRET),
    },
    body,
  });
  return deliverToPlatform(env, request);
}
