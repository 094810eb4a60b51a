import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverToPlatform, setDeliveryTarget } from "../../worker/sandbox/deliver";
import { sandbox } from "./sandbox-helpers";

// The real path: no capture; webhooks go to the Worker's own entrypoint, in-process.
describe("in-process delivery to the platform", () => {
  it("reaches the Worker's own entrypoint with a genuine Request, with no listener", async () => {
    setDeliveryTarget(null);
    const res = await deliverToPlatform(env, new Request(`${env.APP_URL}/api/openapi.json`));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ openapi: "3.1.0" });
  });

  it("posts a customer's message to the platform's POST /webhooks/whatsapp and records its answer", async () => {
    setDeliveryTarget(null);
    const res = await sandbox("/api/customers/6281240000001/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "text", text: "real path", name: "Rudi" }),
    });
    expect(res.status).toBe(201);
    const { delivery } = (await res.json()) as { delivery: { attempts: number; lastStatus: number | null } };
    expect(delivery.attempts).toBe(1);
    // Whatever the platform answered, it answered over the in-process path (an HTTP status, no error).
    expect(delivery.lastStatus).toEqual(expect.any(Number));
  });
});
