import { env, exports } from "cloudflare:workers";
import { createDb } from "../../worker/db/client";
import { DEMO_PASSWORD, seedDemoTenant } from "../../worker/db/seed";
import { clock } from "../../worker/lib/clock";

export const ORIGIN = "http://127.0.0.1:8787";
export { DEMO_PASSWORD };

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  cookie?: string;
  bearer?: string;
  origin?: string | null;
  headers?: Record<string, string>;
}

/** Calls the real Worker entry (`exports.default.fetch`) as a browser on ORIGIN would. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const method = options.method ?? (options.body !== undefined || options.rawBody !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.rawBody !== undefined) headers["content-type"] ??= "application/json";
  if (options.cookie) headers.cookie = `sid=${options.cookie}`;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin !== null && method !== "GET") headers.origin = origin;
  const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body }));
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export function sessionCookie(res: Response): string {
  const match = res.headers.get("set-cookie")?.match(/(?:^|,\s*)sid=([^;]*)/);
  if (!match?.[1]) throw new Error(`no sid cookie in ${res.headers.get("set-cookie")}`);
  return match[1];
}

export async function signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await call("/api/auth/login", { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return sessionCookie(res);
}

export const db = () => createDb(env.DB);
export const seed = () => seedDemoTenant(db());

/** A second, unrelated tenant with one admin, to prove tenant isolation. */
export async function seedOtherTenant(): Promise<{ organizationId: string; adminId: string }> {
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO organizations (id, name) VALUES ('org_other', 'Other Shop')"),
    env.DB.prepare(
      "INSERT OR IGNORE INTO identities (id, email, name, password_hash, updated_at, email_verified_at) SELECT 'usr_other_admin', 'boss@other.test', 'Other Boss', password_hash, 0, 0 FROM identities WHERE id = 'usr_demo_admin'",
    ),
    env.DB.prepare(
      "INSERT OR IGNORE INTO memberships (organization_id, identity_id, role) VALUES ('org_other', 'usr_other_admin', 'admin')",
    ),
  ]);
  return { organizationId: "org_other", adminId: "usr_other_admin" };
}

/**
 * The demo tenant and the other one (seedOtherTenant) seeded, then each of `emails` signed in: their
 * session cookies, in the order given.
 */
export async function seedAndSignIn<const E extends readonly string[]>(
  ...emails: E
): Promise<{ [K in keyof E]: string }> {
  await seed();
  await seedOtherTenant();
  return (await Promise.all(emails.map((email) => signIn(email)))) as { [K in keyof E]: string };
}

export async function expectProblem(res: Response, status: number, code: string) {
  const body = await json<{ status: number; code: string; type: string; title: string; detail: string }>(res);
  if (res.status !== status || body.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  if (res.headers.get("content-type") !== "application/problem+json") {
    throw new Error(`expected application/problem+json, got ${res.headers.get("content-type")}`);
  }
  return body;
}

/** The token of the newest mailed link of `kind` (`invitation`, `confirm-email`, `reset-password`) to `email`. */
export async function mailedToken(email: string, kind: string): Promise<string> {
  const { messages } = await json<{ messages: { text: string }[] }>(
    await call(`/api/dev/outbox?to=${encodeURIComponent(email)}`),
  );
  for (const m of messages) {
    const token = m.text.match(new RegExp(`/${kind}\\?token=([\\w-]+)`))?.[1];
    if (token) return token;
  }
  throw new Error(`no ${kind} link mailed to ${email}`);
}

/**
 * Adds a person the only way there is (rules A1, A4): the admin invites, the person follows the
 * mailed link and (a new identity) chooses their own password there. Answers the user's id.
 */
export async function addUser(
  adminCookie: string,
  user: { email: string; name: string; role: string },
  password: string,
): Promise<string> {
  const res = await call("/api/users", { cookie: adminCookie, body: user });
  if (res.status !== 201) throw new Error(`adding ${user.email} failed: ${res.status} ${await res.text()}`);
  const { id } = await json<{ id: string }>(res);
  const token = await mailedToken(user.email.toLowerCase(), "invitation");
  const accepted = await call("/api/auth/invitation/accept", { body: { token, newPassword: password } });
  if (accepted.status !== 204) throw new Error(`accepting for ${user.email} failed: ${accepted.status}`);
  return id;
}

/** Runs `work` with the product's clock `offsetMs` ahead (the one clock every rule reads). */
export async function withClock<T>(offsetMs: number, work: () => Promise<T>): Promise<T> {
  const real = clock.now;
  clock.now = () => real() + offsetMs;
  try {
    return await work();
  } finally {
    clock.now = real;
  }
}

/**
 * Rule G3: Meta is asked about a WhatsApp number on connect. Adds a business number to the sandbox
 * (as WhatsApp Manager would) with the token and display number a test then connects it with.
 */
export async function addWhatsAppNumber(number: {
  phoneNumberId: string;
  accessToken: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
}): Promise<void> {
  const res = await call("/sandbox/api/channels/whatsapp/numbers", { body: number });
  if (res.status !== 201) throw new Error(`the sandbox did not add the number: ${res.status} ${await res.text()}`);
}
