import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_APP_SECRET } from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { sandboxRoutes, sandboxStub } from "../../worker/sandbox/routes";

export const APP = "http://127.0.0.1:8787";
export const GRAPH = `${APP}/graph/v21.0`;

/** Calls the sandbox router as the app mounts it at /sandbox (`path` is relative to the mount). */
export function sandbox(path: string, init: RequestInit = {}, bindings: Env = env): Promise<Response> {
  return Promise.resolve(sandboxRoutes.fetch(new Request(`${APP}${path}`, init), bindings));
}

export function graph(path: string, init: RequestInit & { json?: unknown; token?: string | null } = {}) {
  const { json, token = SANDBOX_ACCESS_TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  if (json !== undefined) headers.set("content-type", "application/json");
  return sandbox(`/graph/v21.0${path}`, {
    ...rest,
    method: rest.method ?? (json !== undefined || rest.body ? "POST" : "GET"),
    headers,
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
}

export interface Captured {
  url: string;
  method: string;
  signature: string | null;
  contentType: string | null;
  userAgent: string | null;
  raw: string;
  json: WebhookJson;
}

export interface WebhookJson {
  object: string;
  entry: Array<{
    id: string;
    changes: Array<{
      field: string;
      value: Record<string, unknown> & { statuses?: StatusJson[]; messages?: MessageJson[] };
    }>;
  }>;
}
export interface StatusJson {
  id: string;
  status: string;
  timestamp: string;
  recipient_id: string;
  errors?: Array<{ code: number; title: string }>;
}
export type MessageJson = Record<string, unknown> & { id: string; from: string; type: string; timestamp: string };

/**
 * Captures every webhook the sandbox delivers (instead of the platform's endpoint), answering with
 * `answer(index)` (200 by default; it may wait). Returns the list, filled as deliveries happen.
 */
export function captureDeliveries(answer: (index: number) => number | Promise<number> = () => 200): Captured[] {
  const captured: Captured[] = [];
  setDeliveryTarget(async (request) => {
    const raw = await request.text();
    captured.push({
      url: request.url,
      method: request.method,
      signature: request.headers.get("x-hub-signature-256"),
      contentType: request.headers.get("content-type"),
      userAgent: request.headers.get("user-agent"),
      raw,
      json: JSON.parse(raw) as WebhookJson,
    });
    return new Response(null, { status: await answer(captured.length - 1) });
  });
  return captured;
}

/** Independent of the code under test: hex HMAC-SHA256 of the raw body with the sandbox app secret. */
export async function expectedSignature(raw: string, secret = SANDBOX_APP_SECRET): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(raw)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the sandbox's alarm (waiting for what is not due yet) until `done()` or the attempts run out. */
export async function runAlarmsUntil(done: () => boolean, attempts = 30): Promise<void> {
  const stub = sandboxStub(env);
  for (let i = 0; i < attempts && !done(); i++) {
    await runDurableObjectAlarm(stub);
    if (!done()) await sleep(100);
  }
}

export const statusesOf = (captured: Captured[], wamid: string) =>
  captured.flatMap((c) => c.json.entry[0]?.changes[0]?.value.statuses ?? []).filter((s) => s.id === wamid);
