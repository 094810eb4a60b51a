import { Hono } from "hono";
import { z } from "zod";
import { problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";

/**
 * A tenant's webhook server, for development and tests (G5): `POST /sandbox/receiver/<name>` keeps
 * every request it gets (headers and raw body, to verify with the `standardwebhooks` library) and
 * answers what was scripted for it, in order (`PUT /sandbox/api/receivers/<name>` with
 * `{answers: [500, 500, 200]}`; "hang" never answers), then 200. `GET` lists what it received.
 * Kept in the isolate's memory: a development server has one.
 */
interface Received {
  headers: Record<string, string>;
  body: string;
  at: number;
}
const received = new Map<string, Received[]>();
const scripts = new Map<string, (number | "hang")[]>();

const ScriptSchema = z.object({
  answers: z.array(z.union([z.number().int().min(200).max(599), z.literal("hang")])).max(50),
});

export const receiverRoutes = new Hono<AppEnv>();

receiverRoutes.post("/receiver/:name", async (c) => {
  const name = c.req.param("name");
  const headers = Object.fromEntries(c.req.raw.headers);
  const list = received.get(name) ?? [];
  list.push({ headers, body: await c.req.text(), at: Date.now() });
  received.set(name, list);
  const answer = scripts.get(name)?.shift() ?? 200;
  if (answer === "hang") return new Promise<Response>(() => {});
  return c.text(answer === 200 ? "thanks" : `scripted ${answer}`, answer as 200);
});

receiverRoutes.put("/api/receivers/:name", async (c) => {
  const parsed = ScriptSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw problems.validation(zodFieldErrors(parsed.error));
  scripts.set(c.req.param("name"), [...parsed.data.answers]);
  received.set(c.req.param("name"), []);
  return c.json({ name: c.req.param("name"), answers: parsed.data.answers });
});

receiverRoutes.get("/api/receivers/:name", (c) => c.json({ received: received.get(c.req.param("name")) ?? [] }));
