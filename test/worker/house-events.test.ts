// Domain events from changes made outside a room (issue 10): blocking and unblocking a contact (I6)
// and a template's review status (T3) are announced on the events queue, once per change, and the
// event log listener keeps them for reports and tenant webhooks.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { deliverUntilAccepted, eventually, inboundBody, useDemoTenant } from "./resilience-helpers";
import { roomOfContact } from "./rooms-helpers";

const demo = useDemoTenant();

async function logged(type: string) {
  const { results } = await env.DB.prepare(
    "SELECT organization_id, payload FROM domain_events WHERE type = ? ORDER BY at",
  )
    .bind(type)
    .all<{ organization_id: string; payload: string }>();
  return results.map((r) => ({ organizationId: r.organization_id, ...JSON.parse(r.payload) }));
}

describe("blocking and unblocking a contact", () => {
  it("is announced as contact.blocked, then contact.unblocked, for that contact", async () => {
    const waId = "6282990000001";
    await deliverUntilAccepted(
      inboundBody({ waId, id: "wamid.EVENTS-1", at: Math.floor(Date.now() / 1000), text: "hi" }),
    );
    const room = await roomOfContact(demo.supervisor, waId);
    expect((await call(`/api/contacts/${room.contactId}/block`, { method: "POST", cookie: demo.agent })).status).toBe(
      200,
    );
    expect((await call(`/api/contacts/${room.contactId}/unblock`, { method: "POST", cookie: demo.agent })).status).toBe(
      200,
    );
    expect(await eventually(async () => (await logged("contact.unblocked")).length > 0)).toBe(true);
    expect(await logged("contact.blocked")).toEqual([
      expect.objectContaining({ organizationId: "org_demo", contactId: room.contactId, type: "contact.blocked" }),
    ]);
    expect(await logged("contact.unblocked")).toEqual([
      expect.objectContaining({ organizationId: "org_demo", contactId: room.contactId, type: "contact.unblocked" }),
    ]);
  });
});
