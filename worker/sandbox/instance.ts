import { problems } from "../lib/problem";
import { SANDBOX_INSTANCE } from "./config";

/**
 * The one sandbox provider (a single Durable Object holds every customer, message and template).
 * The binding exists only in development (wrangler.toml's production environment has no sandbox).
 */
export const sandboxStub = (env: Env) => {
  if (!env.SANDBOX) throw problems.notFound("route");
  return env.SANDBOX.getByName(SANDBOX_INSTANCE);
};

/** The app's public base URL, without a trailing slash: where the sandbox's links point. */
export function appUrl(env: Env): string {
  return env.APP_URL.replace(/\/+$/, "");
}
