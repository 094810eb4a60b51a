import { SANDBOX_INSTANCE } from "./config";

/** The one sandbox provider (a single Durable Object holds every customer, message and template). */
export const sandboxStub = (env: Env) => env.SANDBOX.getByName(SANDBOX_INSTANCE);

/** The app's public base URL, without a trailing slash: where the sandbox's links point. */
export function appUrl(env: Env): string {
  return env.APP_URL.replace(/\/+$/, "");
}
