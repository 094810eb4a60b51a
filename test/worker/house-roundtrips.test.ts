// The webhook answers at the floor (issue 10, rules G1, G6): for a known contact, at most one D1 round
// trip and one Durable Object call before the 200; the room answers once the message is committed.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import worker from "../../worker/index";
import { SANDBOX_APP_SECRET } from "../../worker/sandbox/config";
import { ORIGIN } from "./helpers";
import { deliverUntilAccepted, inboundBody, useDemoTenant } from "./resilience-helpers";
import { messagesOf, roomOfContact } from "./rooms-helpers";

const demo = useDemoTenant();

/** The Worker's bindings, counting D1 round trips (a statement run alone, or one batch) and Durable Object calls. */
function countingEnv() {
  const counts = { d1: 0, objects: 0, rowsWritten: 0 };
  const unwrap = new WeakMap<object, D1PreparedStatement>();
  const wrapStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(statement, {
      get(target, name) {
        const value = Reflect.get(target, name);
        if (typeof value !== "function") return value;
        if (name === "bind") return (...args: unknown[]) => wrapStatement(target.bind(...args));
        if (["all", "run", "first", "raw"].includes(String(name))) {
          return (...args: unknown[]) => {
            counts.d1++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
    unwrap.set(wrapped, statement);
    return wrapped;
  };
  const db = new Proxy(env.DB, {
    get(target, name) {
      if (name === "prepare") return (query: string) => wrapStatement(target.prepare(query));
      if (name === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          counts.d1++;
          const results = await target.batch(statements.map((s) => unwrap.get(s) ?? s));
          for (const r of results) counts.rowsWritten += r.meta.rows_written ?? 0;
          return results;
        };
      }
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const countObjects = <T extends object>(namespace: T): T =>
    new Proxy(namespace, {
      get(target, name) {
        const value = Reflect.get(target, name);
        if (name !== "getByName" && name !== "get") return typeof value === "function" ? value.bind(target) : value;
        return (...args: unknown[]) => {
          const stub = (value as (...a: unknown[]) => Record<string, unknown>).apply(target, args);
          return new Proxy(stub, {
            get(s, method) {
              const member = Reflect.get(s, method);
              if (typeof member !== "function" || typeof method !== "string") return member;
              // RPC members are proxies themselves: call them as methods, never through .apply.
              return (...callArgs: unknown[]) => {
                counts.objects++;
                return (s as Record<string, (...a: unknown[]) => unknown>)[method]?.(...callArgs);
              };
            },
          });
        };
      },
    });
  const bindings = { ...env, DB: db, ROOM: countObjects(env.ROOM), INBOX: countObjects(env.INBOX) } as Env;
  return { counts, bindings };
}

async function postCounted(raw: string) {
  const { counts, bindings } = countingEnv();
  const request = new Request(`${ORIGIN}/webhooks/whatsapp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": await signWhatsAppBody(raw, SANDBOX_APP_SECRET),
    },
    body: raw,
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, bindings, ctx);
  const answered = { ...counts };
  await waitOnExecutionContext(ctx);
  return { res, answered };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("the webhook's work before its 200", () => {
  it("is one D1 round trip and one room call for a known contact", async () => {
    const waId = "6282960000001";
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.RT-0", at: nowSeconds() - 10, text: "hello" }));
    // Warm: the channel is in this isolate's cache now.
    const { res, answered } = await postCounted(
      inboundBody({ waId, id: "wamid.RT-1", at: nowSeconds(), text: "again" }),
    );
    expect(res.status).toBe(200);
    expect(answered).toMatchObject({ d1: 1, objects: 1 });
    // A known customer under the same name: routing reads, it does not write.
    expect(answered.rowsWritten).toBe(0);
    const room = await roomOfContact(demo.supervisor, waId);
    expect((await messagesOf(demo.agent, room.id)).map((m) => m.text)).toEqual(["hello", "again"]);
  });

  it("still keeps a known customer's new profile name, in that one round trip", async () => {
    const waId = "6282960000003";
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.RT-3", at: nowSeconds() - 10, text: "hi" }));
    const { res, answered } = await postCounted(
      inboundBody({ waId, id: "wamid.RT-4", at: nowSeconds(), text: "new name", name: "Renamed Customer" }),
    );
    expect(res.status).toBe(200);
    expect(answered).toMatchObject({ d1: 1, objects: 1 });
    expect((await roomOfContact(demo.supervisor, waId)).contactName).toBe("Renamed Customer");
  });

  it("is one D1 round trip and writes nothing for a known customer named by their user id (issue 12, I1)", async () => {
    const waId = "6282960000005";
    const userId = "ID.ROUNDTRIP5";
    /** Meta's BSUID shape: the user id beside the phone, or alone when the customer hides the phone. */
    const withUserId = (raw: string, phoneHidden: boolean) => {
      const body = JSON.parse(raw);
      const value = body.entry[0].changes[0].value;
      value.contacts = [{ ...(phoneHidden ? {} : { wa_id: waId }), user_id: userId, profile: { name: "Customer" } }];
      value.messages[0].from_user_id = userId;
      if (phoneHidden) delete value.messages[0].from;
      return JSON.stringify(body);
    };
    const first = inboundBody({ waId, id: "wamid.RT-5", at: nowSeconds() - 10, text: "phone and id" });
    await deliverUntilAccepted(withUserId(first, false));
    const both = inboundBody({ waId, id: "wamid.RT-6", at: nowSeconds() - 5, text: "both again" });
    const known = await postCounted(withUserId(both, false));
    expect(known.res.status).toBe(200);
    expect(known.answered).toMatchObject({ d1: 1, objects: 1, rowsWritten: 0 });
    const hidden = inboundBody({ waId, id: "wamid.RT-7", at: nowSeconds(), text: "phone hidden" });
    const { res, answered } = await postCounted(withUserId(hidden, true));
    expect(res.status).toBe(200);
    expect(answered).toMatchObject({ d1: 1, objects: 1, rowsWritten: 0 });
    const room = await roomOfContact(demo.supervisor, waId);
    expect((await messagesOf(demo.agent, room.id)).map((m) => m.text)).toEqual([
      "phone and id",
      "both again",
      "phone hidden",
    ]);
  });

  it("is one D1 round trip and one room call for a new contact too", async () => {
    const { res, answered } = await postCounted(
      inboundBody({ waId: "6282960000002", id: "wamid.RT-2", at: nowSeconds(), text: "first time" }),
    );
    expect(res.status).toBe(200);
    expect(answered).toMatchObject({ d1: 1, objects: 1 });
  });
});
