// Rule T3: template submission and deletion through the one Graph API client, in Meta's format.
import { describe, expect, it } from "vitest";
import { createGraphClient, type FetchLike, type MetaTemplateBody } from "../../worker/channels/graph-client";

const BASE = "https://graph.facebook.com/v21.0";
const TOKEN = "EAAG-secret-access-token-do-not-log";
const creds = { wabaId: "102290129340398", accessToken: TOKEN };

function fakeFetch(answer: (request: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const fetch: FetchLike = async (request) => {
    seen.push(request.clone());
    return answer(request);
  };
  return { fetch, seen };
}

const template: MetaTemplateBody = {
  name: "seasonal_promotion",
  language: "en_US",
  category: "MARKETING",
  components: [
    { type: "HEADER", format: "TEXT", text: "Our {{1}} is on!", example: { header_text: ["Summer Sale"] } },
    { type: "BODY", text: "Shop now through {{1}}.", example: { body_text: [["the end of August"]] } },
    { type: "FOOTER", text: "Use the buttons below to manage your marketing subscriptions" },
    { type: "BUTTONS", buttons: [{ type: "PHONE_NUMBER", text: "Call", phone_number: "6281234567890" }] },
  ],
};

describe("createTemplate", () => {
  it("POSTs Meta's body to /{waba_id}/message_templates with the Bearer token and reads {id, status, category}", async () => {
    const { fetch, seen } = fakeFetch(() =>
      Response.json({ id: "572279198452421", status: "PENDING", category: "MARKETING" }),
    );
    const graph = createGraphClient({ baseUrl: `${BASE}/`, fetch });
    expect(await graph.createTemplate(creds, template)).toEqual({
      ok: true,
      providerTemplateId: "572279198452421",
      status: "PENDING",
      category: "MARKETING",
    });
    const [req] = seen as [Request];
    expect(req.url).toBe(`${BASE}/102290129340398/message_templates`);
    expect(req.method).toBe("POST");
    expect(req.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.get("content-type")).toBe("application/json");
    expect(await req.json()).toEqual(template);
  });

  it("accepts a numeric id", async () => {
    const { fetch } = fakeFetch(() => Response.json({ id: 572279198452421, status: "APPROVED" }));
    const result = await createGraphClient({ baseUrl: BASE, fetch }).createTemplate(creds, template);
    expect(result).toEqual({ ok: true, providerTemplateId: "572279198452421", status: "APPROVED", category: null });
  });

  it("returns Meta's error (never throws) with the HTTP status", async () => {
    const { fetch } = fakeFetch(() =>
      Response.json(
        {
          error: {
            message: "(#100) Invalid parameter",
            type: "OAuthException",
            code: 100,
            error_subcode: 2388024,
            error_data: { messaging_product: "whatsapp", details: "Content in this language already exists" },
          },
        },
        { status: 400 },
      ),
    );
    expect(await createGraphClient({ baseUrl: BASE, fetch }).createTemplate(creds, template)).toEqual({
      ok: false,
      status: 400,
      error: { code: "100", title: "Invalid parameter", detail: "Content in this language already exists" },
    });
  });

  it("a network failure, and a 200 without an id, are failures too", async () => {
    const down = createGraphClient({
      baseUrl: BASE,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(await down.createTemplate(creds, template)).toMatchObject({
      ok: false,
      status: null,
      error: { code: "network_error" },
    });
    const odd = createGraphClient({ baseUrl: BASE, fetch: async () => Response.json({ success: true }) });
    expect(await odd.createTemplate(creds, template)).toMatchObject({
      ok: false,
      status: 200,
      error: { code: "invalid_response" },
    });
  });
});

describe("deleteTemplate", () => {
  it("DELETEs /{waba_id}/message_templates?name=&hsm_id=", async () => {
    const { fetch, seen } = fakeFetch(() => Response.json({ success: true }));
    const graph = createGraphClient({ baseUrl: BASE, fetch });
    expect(
      await graph.deleteTemplate(creds, { name: "seasonal_promotion", providerTemplateId: "572279198452421" }),
    ).toEqual({ ok: true });
    const [req] = seen as [Request];
    expect(req.method).toBe("DELETE");
    expect(req.url).toBe(`${BASE}/102290129340398/message_templates?name=seasonal_promotion&hsm_id=572279198452421`);
    expect(req.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("answers Meta's error with the status", async () => {
    const { fetch } = fakeFetch(() =>
      Response.json(
        { error: { message: "Invalid OAuth access token", type: "OAuthException", code: 190 } },
        { status: 401 },
      ),
    );
    expect(await createGraphClient({ baseUrl: BASE, fetch }).deleteTemplate(creds, { name: "x" })).toMatchObject({
      ok: false,
      status: 401,
      error: { code: "190" },
    });
  });
});
