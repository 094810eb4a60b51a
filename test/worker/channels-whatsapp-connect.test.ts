// Rule G3 for WhatsApp: connecting a number (and changing its token or phone number id) asks Meta
// `GET /{phone-number-id}?fields=display_phone_number,verified_name,quality_rating` with the token,
// through the sandbox's Graph API. A wrong token, an unknown id or Meta being down refuses the
// connect with its own code, and nothing is stored; a right one keeps what Meta said of the number.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { graphRefusalOf } from "../../worker/channels/whatsapp/graph-http";
import { connectChannel } from "../../worker/features/channels/service";
import { Problem } from "../../worker/lib/problem";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_PHONE_NUMBER_ID } from "../../worker/sandbox/config";
import { addWhatsAppNumber, call, db, expectProblem, json, seed, signIn } from "./helpers";

let admin: string;
const number = {
  phoneNumberId: "100000000000661",
  accessToken: "EAAG-right-token-661",
  displayPhoneNumber: "+62 811-0000-0661",
  verifiedName: "Toko Enam (sandbox)",
};
const body = {
  name: "Checked number",
  phoneNumberId: number.phoneNumberId,
  // What the admin typed; Meta's own form is kept.
  displayPhoneNumber: "0811 0000 0661",
  wabaId: "200000000000661",
  accessToken: number.accessToken,
  appSecret: "checked-app-secret",
  verifyToken: "checked-verify-token",
};

beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
  await addWhatsAppNumber(number);
});

const storedWith = async (providerKey: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM channels WHERE provider_key = ?").bind(providerKey).first())?.n;

describe("connecting a WhatsApp number asks Meta first (G3)", () => {
  it("refuses a wrong access token 422 channel_credentials_invalid, and stores nothing", async () => {
    const res = await call("/api/channels", { cookie: admin, body: { ...body, accessToken: "EAAG-mistyped-token" } });
    const problem = await expectProblem(res, 422, "channel_credentials_invalid");
    expect(problem.detail).toContain("did not accept the access token");
    expect(problem.detail).toContain("190");
    expect(await storedWith(number.phoneNumberId)).toBe(0);
  });

  it("refuses a phone number id Meta does not know 422 phone_number_not_found, and stores nothing", async () => {
    const res = await call("/api/channels", {
      cookie: admin,
      body: { ...body, phoneNumberId: "100000000000669", accessToken: SANDBOX_ACCESS_TOKEN },
    });
    const problem = await expectProblem(res, 422, "phone_number_not_found");
    expect(problem.detail).toContain("phone number id");
    expect(await storedWith("100000000000669")).toBe(0);
  });

  it("answers 502 provider_unavailable when Meta is down, and stores nothing", async () => {
    const outage = await call(`/sandbox/api/channels/whatsapp/numbers/${number.phoneNumberId}/outage`, {
      body: { count: 1 },
    });
    expect(outage.status).toBe(201);
    const problem = await expectProblem(
      await call("/api/channels", { cookie: admin, body }),
      502,
      "provider_unavailable",
    );
    expect(problem.detail).toContain("Nothing was saved");
    expect(await storedWith(number.phoneNumberId)).toBe(0);
  });

  it("answers 502 provider_unavailable when Meta cannot be reached at all", async () => {
    const down = { ...env, GRAPH_API_URL: "http://127.0.0.1:9/v21.0" } as Env;
    const input = { ...body, phoneNumberId: "100000000000662" };
    const refused = await connectChannel(down, db(), "org_demo", { name: "Down", kind: "whatsapp", input }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({ status: 502, code: "provider_unavailable" });
    expect(await storedWith("100000000000662")).toBe(0);
  });

  it("reads Meta's refusals as the token, the id or Meta itself", () => {
    const err = (code: string) => ({ code, title: "x", detail: null });
    expect(graphRefusalOf(401, err("190"))).toBe("credentials_invalid");
    expect(graphRefusalOf(400, err("190"))).toBe("credentials_invalid");
    expect(graphRefusalOf(400, err("100"))).toBe("key_unknown");
    expect(graphRefusalOf(404, err("http_404"))).toBe("key_unknown");
    expect(graphRefusalOf(null, err("timeout"))).toBe("provider_unavailable");
    expect(graphRefusalOf(503, err("2"))).toBe("provider_unavailable");
    expect(graphRefusalOf(400, err("131000"))).toBeUndefined();
  });

  it("connects a number Meta knows with its token, keeping Meta's display number and verified name", async () => {
    const res = await call("/api/channels", { cookie: admin, body });
    expect(res.status).toBe(201);
    const created = await json<{ id: string; displayPhoneNumber: string; verifiedName: string | null }>(res);
    expect(created).toMatchObject({
      displayPhoneNumber: number.displayPhoneNumber,
      verifiedName: number.verifiedName,
      connected: true,
    });
    expect(await storedWith(number.phoneNumberId)).toBe(1);
  });

  it("checks a changed token again: a wrong one is refused and the channel keeps its own", async () => {
    const list = await json<{ channels: { id: string; phoneNumberId?: string }[] }>(
      await call("/api/channels", { cookie: admin }),
    );
    const id = list.channels.find((c) => c.phoneNumberId === number.phoneNumberId)?.id as string;
    const before = await env.DB.prepare("SELECT config FROM channels WHERE id = ?")
      .bind(id)
      .first<{ config: string }>();
    const patch = (input: object) => call(`/api/channels/${id}`, { method: "PATCH", cookie: admin, body: input });
    await expectProblem(await patch({ accessToken: "EAAG-revoked-token" }), 422, "channel_credentials_invalid");
    await expectProblem(await patch({ phoneNumberId: "100000000000668" }), 422, "phone_number_not_found");
    const after = await env.DB.prepare("SELECT config, provider_key FROM channels WHERE id = ?")
      .bind(id)
      .first<{ config: string; provider_key: string }>();
    expect(after).toEqual({ config: before?.config, provider_key: number.phoneNumberId });
    // Fields Meta's check does not depend on change without asking it.
    expect((await patch({ name: "Renamed", appSecret: "rotated-app-secret" })).status).toBe(200);
  });

  it("the sandbox answers the demo number in Meta's shape, with only the fields asked for", async () => {
    const res = await call(
      `/sandbox/graph/v21.0/${SANDBOX_PHONE_NUMBER_ID}?fields=display_phone_number,verified_name,quality_rating`,
      { headers: { authorization: `Bearer ${SANDBOX_ACCESS_TOKEN}` } },
    );
    expect(Object.keys(await json(res)).sort()).toEqual(
      ["display_phone_number", "id", "quality_rating", "verified_name"].sort(),
    );
    const wrong = await call(`/sandbox/graph/v21.0/${number.phoneNumberId}`, {
      headers: { authorization: "Bearer EAAG-wrong" },
    });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toMatchObject({ error: { code: 190, type: "OAuthException" } });
  });
});
