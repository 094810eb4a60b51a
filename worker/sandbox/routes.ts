import { Hono } from "hono";
import { isDevelopment } from "../lib/env";
import { errorForLog, log } from "../lib/log";
import { problemResponse, problems, toProblem } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import { callGraphRoutes } from "./calls-graph";
import { callSimulatorRoutes } from "./calls-simulator";
import { emailFakeRoutes } from "./email-fake";
import { graphRoutes } from "./graph-routes";
import { lineFakeRoutes } from "./line-fake";
import { metaMessagingFakeRoutes } from "./meta-messaging-fake";
import { receiverRoutes } from "./receiver";
import { simulatorRoutes } from "./simulator-routes";
import { telegramFakeRoutes } from "./telegram-fake";
import { webchatPageRoutes } from "./webchat-page";
import { whatsAppNumberRoutes } from "./whatsapp-numbers";

export { sandboxStub } from "./instance";

/**
 * The sandbox WhatsApp provider's HTTP face (development only), mounted at `/sandbox`:
 * - `/graph/<version>/...`: Meta's Graph API for the sandbox number, Meta's formats exactly
 *   (Bearer `sandbox-access-token` required; errors are Meta's `{error:{...}}` JSON);
 * - `/media/{id}`: the download URL the Graph API hands out (Bearer required, as Meta's is);
 * - `/graph/<version>/{waba_id}/message_templates`: Meta's template API (create, list, delete);
 * - `/api/channels/whatsapp/numbers`: add a business number with its own token (whatsapp-numbers.ts);
 * - `/api/...`: the customer simulator API (problem+json errors), and the template reviewer's
 *   controls (`/api/templates/...`: decide a review now, lower a template's quality);
 * - `/receiver/<name>`, `/api/receivers/<name>`: a tenant's webhook server (receiver.ts);
 * - `/`: the customer simulator page.
 * Outside development every route answers 404 problem+json, exactly like an unknown route.
 */
export const sandboxRoutes = new Hono<AppEnv>();

sandboxRoutes.use("*", async (c, next) => {
  if (!isDevelopment(c.env)) throw problems.notFound("route");
  await next();
});

// The app's error handler renders these when mounted; called directly (graphFetchFor, tests) the
// router renders them the same way itself.
sandboxRoutes.onError((err, c) => {
  const problem = toProblem(err);
  if (problem.status >= 500) {
    log("error", "sandbox_unhandled", { path: c.req.path, error: errorForLog(err) });
  }
  return problemResponse(problem);
});
sandboxRoutes.notFound(() => problemResponse(problems.notFound("route")));

sandboxRoutes.route("/", callSimulatorRoutes);
sandboxRoutes.route("/", callGraphRoutes);
sandboxRoutes.route("/", simulatorRoutes);
sandboxRoutes.route("/", metaMessagingFakeRoutes); // before graphRoutes: it passes ids it does not know on
sandboxRoutes.route("/", whatsAppNumberRoutes); // before graphRoutes too: the business numbers added
sandboxRoutes.route("/", graphRoutes);
sandboxRoutes.route("/", receiverRoutes);
sandboxRoutes.route("/", telegramFakeRoutes);
sandboxRoutes.route("/", lineFakeRoutes);
sandboxRoutes.route("/", emailFakeRoutes);
sandboxRoutes.route("/", webchatPageRoutes);
