/**
 * The development entry (wrangler.toml's top-level `main`: `npm start`, the browser tests, vitest):
 * the production entry plus the sandbox WhatsApp provider. It answers `/sandbox`, exports
 * SandboxDO and injects the sandbox's in-process fetch into the channel adapters. Production
 * (`[env.production] main = "worker/index.ts"`) imports none of this.
 */
import { Hono } from "hono";
import { injectEmailSender } from "../channels/email/sender";
import { injectProviderFetch } from "../channels/provider-fetch";
import production from "../index";
import type { AppEnv } from "../lib/router";
import { sandboxEmailSender } from "../sandbox/email-fake";
import { graphFetchFor } from "../sandbox/fetch";
import { sandboxRoutes } from "../sandbox/routes";

export { ApiClientDO, CallDO, CampaignDO, InboxDO, RingGroupDO, RoomDO, ThroughputDO } from "../index";
export { SandboxDO } from "../sandbox/sandbox-do";

injectProviderFetch(graphFetchFor);
injectEmailSender(sandboxEmailSender);

const sandbox = new Hono<AppEnv>().route("/sandbox", sandboxRoutes);
const isSandboxPath = (url: string) => /^\/sandbox(\/|$)/.test(new URL(url).pathname);

export default {
  ...production,
  fetch: (request, env, ctx) =>
    isSandboxPath(request.url) ? sandbox.fetch(request, env, ctx) : production.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
