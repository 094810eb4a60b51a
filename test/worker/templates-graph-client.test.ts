// Rule T3: template submission and deletion through the one Graph API client, in Meta's format.
import { describe, expect, it } from "vitest";
import type { MetaTemplateBody } from "../../worker/channels/template-types";
import { createGraphClient } from "../../worker/channels/whatsapp/graph-client";
import type { FetchLike } from "../../worker/channels/whatsapp/graph-http";

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

// Rules T1, T2: a media header's sample goes to Meta through the Resumable Upload API.
describe("uploadTemplateSample (Resumable Upload API)", () => {
  const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2, 3, 4, 5]);
  const session = "upload:MTphdHRhY2htZW50OjZiZmNm?sig=ARZr4p9xZ1";

  it("asks GET /app for the token's app, opens a session at /{app_id}/uploads, uploads the bytes with OAuth and file_offset 0, and answers h", async () => {
    const { fetch, seen } = fakeFetch((req) => {
      const url = new URL(req.url);
      if (url.pathname.endsWith("/app")) return Response.json({ id: "1234567890", name: "Edge Inbox" });
      if (url.pathname.endsWith("/uploads")) return Response.json({ id: session });
      return Response.json({ h: "4::YXBwbGljYXRpb24vcGRm:ARZxyz" });
    });
    const graph = createGraphClient({ baseUrl: BASE, fetch });
    const result = await graph.uploadTemplateSample(
      { accessToken: TOKEN },
      { bytes, mimeType: "application/pdf", filename: "menu.pdf" },
    );
    expect(result).toEqual({ ok: true, handle: "4::YXBwbGljYXRpb24vcGRm:ARZxyz" });
    const [app, start, upload] = seen as [Request, Request, Request];
    expect(app.method).toBe("GET");
    expect(app.url).toBe(`${BASE}/app`);
    expect(app.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(start.method).toBe("POST");
    const startUrl = new URL(start.url);
    expect(startUrl.origin + startUrl.pathname).toBe(`${BASE}/1234567890/uploads`);
    expect(Object.fromEntries(startUrl.searchParams)).toEqual({
      file_name: "menu.pdf",
      file_length: "10",
      file_type: "application/pdf",
    });
    expect(upload.method).toBe("POST");
    expect(upload.url).toBe(`${BASE}/${session}`);
    expect(upload.headers.get("authorization")).toBe(`OAuth ${TOKEN}`);
    expect(upload.headers.get("file_offset")).toBe("0");
    expect(new Uint8Array(await upload.arrayBuffer())).toEqual(bytes);
  });

  it("uses the given app id without asking GET /app", async () => {
    const { fetch, seen } = fakeFetch((req) =>
      new URL(req.url).pathname.endsWith("/uploads") ? Response.json({ id: session }) : Response.json({ h: "4::x:y" }),
    );
    const graph = createGraphClient({ baseUrl: BASE, fetch });
    const result = await graph.uploadTemplateSample(
      { accessToken: TOKEN, appId: "42" },
      { bytes, mimeType: "image/png", filename: "a.png" },
    );
    expect(result).toEqual({ ok: true, handle: "4::x:y" });
    expect(seen.map((r) => new URL(r.url).pathname)).toEqual(["/v21.0/42/uploads", `/v21.0/${session.split("?")[0]}`]);
  });

  it("answers Meta's error or an answer without h as a failure (never throws)", async () => {
    const refused = createGraphClient({
      baseUrl: BASE,
      fetch: async () =>
        Response.json(
          { error: { message: "(#100) Invalid parameter", type: "OAuthException", code: 100 } },
          { status: 400 },
        ),
    });
    expect(
      await refused.uploadTemplateSample(
        { accessToken: TOKEN, appId: "42" },
        { bytes, mimeType: "image/png", filename: "a" },
      ),
    ).toMatchObject({ ok: false, status: 400, error: { code: "100", title: "Invalid parameter" } });
    const noHandle = createGraphClient({
      baseUrl: BASE,
      fetch: async (req) =>
        new URL(req.url).pathname.endsWith("/uploads") ? Response.json({ id: session }) : Response.json({}),
    });
    expect(
      await noHandle.uploadTemplateSample(
        { accessToken: TOKEN, appId: "42" },
        { bytes, mimeType: "image/png", filename: "a" },
      ),
    ).toMatchObject({ ok: false, error: { code: "invalid_response" } });
  });
});
