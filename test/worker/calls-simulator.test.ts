// The simulator page's way to hear of a call (issue 14, item 9): `GET /sandbox/api/customers/:waId/calls/live`
// answers the customer's call going on now, with the business's SDP offer for the page's
// RTCPeerConnection, and null once it ended.
import { describe, expect, it } from "vitest";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { customerCalls, sdp, simulator } from "./calls-helpers";
import { json, seed } from "./helpers";
import { sandbox } from "./sandbox-helpers";

type Live = { call: { id: string; waId: string; direction: string; state: string; offer: string | null } | null };
const live = async (waId: string) => json<Live>(await sandbox(`/api/customers/${waId}/calls/live`));

describe("the simulator's live call", () => {
  it("answers the customer's ringing call with its offer, and null once it ended", async () => {
    await seed();
    // The fake provider alone is under test: the platform does not hear of the call.
    setDeliveryTarget(async () => new Response("{}"));
    try {
      expect((await live("6281700000009")).call).toBeNull();
      const offer = sdp("offer", "live");
      const id = await customerCalls("6281700000009", offer);
      const ringing = await live("6281700000009");
      expect(ringing.call).toMatchObject({ id, waId: "6281700000009", direction: "USER_INITIATED", state: "ringing" });
      expect(ringing.call?.offer).toBe(offer);
      // Another customer has no call.
      expect((await live("6281700000010")).call).toBeNull();
      expect((await simulator(`/api/calls/${id}/terminate`)).status).toBe(200);
      expect((await live("6281700000009")).call).toBeNull();
    } finally {
      setDeliveryTarget(null);
    }
  });

  it("refuses what is not a phone number", async () => {
    const res = await sandbox("/api/customers/not-a-phone/calls/live");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
