// Rule G1: outbound sends and media through the one Graph API client, in Meta's request format.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutboundPayload } from "../../worker/channels/types";
import { createGraphClient } from "../../worker/channels/whatsapp/graph-client";
import { type FetchLike, GraphApiError } from "../../worker/channels/whatsapp/graph-http";
import type { GraphOutboundPayload } from "../../worker/channels/whatsapp/graph-payloads";
import {
  BUSINESS_MESSAGE_ID,
  CUSTOMER_WA_ID,
  NON_ASCII_TEXT,
  reEngagementError,
  sendAccepted,
} from "./whatsapp-fixtures";

const BASE = "https://graph.facebook.com/v21.0";
const TOKEN = "EAAG-secret-access-token-do-not-log";
const creds = { channelKey: "106540352242922", accessToken: TOKEN };

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  request: Request;
}

/** A fake `fetch` that records each request and answers from `answer`. */
function fakeFetch(answer: (request: Request) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (request) => {
    seen.push({ url: request.url, method: request.method, headers: request.headers, request: request.clone() });
    return answer(request);
  };
  return { fetch, seen };
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("sendMessage: the exact request Meta expects", () => {
  async function sent(payload: GraphOutboundPayload) {
    const { fetch, seen } = fakeFetch(() => json(sendAccepted));
    const graph = createGraphClient({ baseUrl: `${BASE}/`, fetch });
    const result = await graph.sendMessage(creds, payload);
    expect(result).toEqual({ ok: true, providerMessageId: sendAccepted.messages[0]?.id });
    expect(seen).toHaveLength(1);
    const [req] = seen as [Seen];
    expect(req.url).toBe(`${BASE}/106540352242922/messages`);
    expect(req.method).toBe("POST");
    expect(req.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.get("content-type")).toBe("application/json");
    return req.request.json();
  }

  it("text, with non-ASCII text", async () => {
    expect(await sent({ kind: "text", to: CUSTOMER_WA_ID, text: NON_ASCII_TEXT })).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER_WA_ID,
      type: "text",
      text: { body: NON_ASCII_TEXT },
    });
  });

  it("a customer known only by their business-scoped user id is addressed by `recipient`, not `to` (issue 12)", async () => {
    expect(await sent({ kind: "text", to: "US.13491208655302741918", text: "Halo" })).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      recipient: "US.13491208655302741918",
      type: "text",
      text: { body: "Halo" },
    });
  });

  it("a reply carries context.message_id", async () => {
    expect(
      await sent({ kind: "text", to: CUSTOMER_WA_ID, text: "Sure!", replyToProviderId: BUSINESS_MESSAGE_ID }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER_WA_ID,
      context: { message_id: BUSINESS_MESSAGE_ID },
      type: "text",
      text: { body: "Sure!" },
    });
  });

  it("image by media id with caption", async () => {
    expect(
      await sent({ kind: "image", to: CUSTOMER_WA_ID, providerMediaId: "1003383421387256", caption: "Katalog 📷" }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER_WA_ID,
      type: "image",
      image: { id: "1003383421387256", caption: "Katalog 📷" },
    });
  });

  it("document by media id with caption and filename, as a reply", async () => {
    expect(
      await sent({
        kind: "document",
        to: CUSTOMER_WA_ID,
        providerMediaId: "1653211668890163",
        caption: "Invoice",
        filename: "invoice.pdf",
        replyToProviderId: BUSINESS_MESSAGE_ID,
      }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER_WA_ID,
      context: { message_id: BUSINESS_MESSAGE_ID },
      type: "document",
      document: { id: "1653211668890163", caption: "Invoice", filename: "invoice.pdf" },
    });
  });

  it("video keeps its caption but not a filename", async () => {
    expect(
      await sent({ kind: "video", to: CUSTOMER_WA_ID, providerMediaId: "77", caption: "Demo", filename: "demo.mp4" }),
    ).toMatchObject({ type: "video", video: { id: "77", caption: "Demo" } });
  });

  it("audio and sticker carry only the media id (Meta takes no caption or filename for them)", async () => {
    for (const kind of ["audio", "sticker"] as const) {
      const body = await sent({ kind, to: CUSTOMER_WA_ID, providerMediaId: "88", caption: "x", filename: "y" });
      expect(body).toEqual({
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: CUSTOMER_WA_ID,
        type: kind,
        [kind]: { id: "88" },
      });
    }
  });

  it("template with language.code and a body component of text parameters", async () => {
    expect(
      await sent({
        kind: "template",
        to: CUSTOMER_WA_ID,
        name: "order_update",
        language: "id",
        bodyVariables: ["Siti", "INV-001 ✓"],
      }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER_WA_ID,
      type: "template",
      template: {
        name: "order_update",
        language: { code: "id" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Siti" },
              { type: "text", text: "INV-001 ✓" },
            ],
          },
        ],
      },
    });
  });

  // rule T3
  it("template: a text header's value, the body, and a URL button's suffix by index, in Meta's format", async () => {
    expect(
      await sent({
        kind: "template",
        to: CUSTOMER_WA_ID,
        name: "promo",
        language: "id",
        bodyVariables: ["Siti"],
        header: { kind: "text", text: "Sale 50%" },
        urlButtons: [{ index: 1, text: "A-1001" }],
      }),
    ).toMatchObject({
      type: "template",
      template: {
        name: "promo",
        language: { code: "id" },
        components: [
          { type: "header", parameters: [{ type: "text", text: "Sale 50%" }] },
          { type: "body", parameters: [{ type: "text", text: "Siti" }] },
          { type: "button", sub_type: "url", index: "1", parameters: [{ type: "text", text: "A-1001" }] },
        ],
      },
    });
  });

  it("template: an image, video or document header by media id (a document keeps its filename)", async () => {
    for (const kind of ["image", "video", "document"] as const) {
      const body = (await sent({
        kind: "template",
        to: CUSTOMER_WA_ID,
        name: "promo",
        language: "id",
        bodyVariables: [],
        header: { kind, mediaId: "99", filename: "menu.pdf" },
      })) as { template: { components: unknown[] } };
      expect(body.template.components).toEqual([
        {
          type: "header",
          parameters: [{ type: kind, [kind]: kind === "document" ? { id: "99", filename: "menu.pdf" } : { id: "99" } }],
        },
      ]);
    }
  });

  it("a template without variables has no components", async () => {
    expect(
      await sent({ kind: "template", to: CUSTOMER_WA_ID, name: "hello_world", language: "en_US", bodyVariables: [] }),
    ).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: CUSTOMER_WA_ID,
      type: "template",
      template: { name: "hello_world", language: { code: "en_US" } },
    });
  });
});

describe("sendMessage: failures are results, never throws", () => {
  const text: OutboundPayload = { kind: "text", to: CUSTOMER_WA_ID, text: "Halo" };

  it("maps Meta's error answer to {ok:false, error:{code, title, detail}}", async () => {
    const { fetch } = fakeFetch(() => json(reEngagementError, 400));
    const result = await createGraphClient({ baseUrl: BASE, fetch }).sendMessage(creds, text);
    expect(result).toEqual({
      ok: false,
      error: {
        code: "131047",
        title: "Re-engagement message",
        detail:
          "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
      },
    });
  });

  it("an error without error_data: Meta's message as title, detail null", async () => {
    const { fetch } = fakeFetch(() =>
      json(
        {
          error: {
            message: "Invalid OAuth access token - Cannot parse access token",
            type: "OAuthException",
            code: 190,
            fbtrace_id: "A1",
          },
        },
        401,
      ),
    );
    expect(await createGraphClient({ baseUrl: BASE, fetch }).sendMessage(creds, text)).toEqual({
      ok: false,
      error: { code: "190", title: "Invalid OAuth access token - Cannot parse access token", detail: null },
    });
  });

  it("a non-JSON error answer becomes http_<status>; a 5xx carries its status (the message may have gone out)", async () => {
    const { fetch } = fakeFetch(() => new Response("<html>Bad Gateway</html>", { status: 502 }));
    const result = await createGraphClient({ baseUrl: BASE, fetch }).sendMessage(creds, text);
    expect(result).toEqual({
      ok: false,
      error: { code: "http_502", title: "HTTP 502", detail: "<html>Bad Gateway</html>" },
      httpStatus: 502,
    });
  });

  it("a network failure becomes network_error", async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError("Network connection lost.");
    };
    expect(await createGraphClient({ baseUrl: BASE, fetch }).sendMessage(creds, text)).toEqual({
      ok: false,
      error: { code: "network_error", title: "Graph API unreachable", detail: "Network connection lost." },
    });
  });

  it("no answer in time becomes timeout", async () => {
    const fetch: FetchLike = (request) =>
      new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const result = await createGraphClient({ baseUrl: BASE, fetch, timeoutMs: 20 }).sendMessage(creds, text);
    expect(result).toMatchObject({ ok: false, error: { code: "timeout" } });
  });

  it("a 200 without a message id is invalid_response", async () => {
    for (const answer of [json({ messaging_product: "whatsapp", messages: [] }), new Response("OK")]) {
      const { fetch } = fakeFetch(() => answer);
      expect(await createGraphClient({ baseUrl: BASE, fetch }).sendMessage(creds, text)).toMatchObject({
        ok: false,
        error: { code: "invalid_response" },
      });
    }
  });

  it("never writes the access token to the logs", async () => {
    const spies = [vi.spyOn(console, "log"), vi.spyOn(console, "warn"), vi.spyOn(console, "error")];
    for (const answer of [
      () => json(reEngagementError, 400),
      () => new Response("nope", { status: 500 }),
      () => {
        throw new Error("boom");
      },
    ]) {
      const { fetch } = fakeFetch(answer);
      await createGraphClient({ baseUrl: BASE, fetch }).sendMessage(creds, text);
    }
    const written = spies.flatMap((spy) => spy.mock.calls.flat().map(String)).join("\n");
    expect(written).toContain("graph_request_failed");
    expect(written).not.toContain(TOKEN);
  });

  it("uses the global fetch when none is given", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => json(sendAccepted));
    const result = await createGraphClient({ baseUrl: BASE }).sendMessage(creds, text);
    expect(result).toMatchObject({ ok: true });
    const request = spy.mock.calls[0]?.[0] as Request;
    expect(request.url).toBe(`${BASE}/106540352242922/messages`);
  });
});

describe("media", () => {
  it("uploadMedia posts multipart with messaging_product=whatsapp and the file", async () => {
    const { fetch, seen } = fakeFetch(() => json({ id: "1875311766544530" }));
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);
    const id = await createGraphClient({ baseUrl: BASE, fetch }).uploadMedia(
      creds,
      bytes,
      "application/pdf",
      "invoice café.pdf",
    );
    expect(id).toBe("1875311766544530");
    const [req] = seen as [Seen];
    expect(req.url).toBe(`${BASE}/106540352242922/media`);
    expect(req.method).toBe("POST");
    expect(req.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await req.request.formData();
    expect(form.get("messaging_product")).toBe("whatsapp");
    expect(form.get("type")).toBe("application/pdf");
    const file = form.get("file") as File;
    expect(file.name).toBe("invoice café.pdf");
    expect(file.type).toBe("application/pdf");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it("uploadMedia throws a GraphApiError with Meta's error", async () => {
    const { fetch } = fakeFetch(() =>
      json({ error: { message: "(#131053) Media upload error", type: "OAuthException", code: 131053 } }, 400),
    );
    const graph = createGraphClient({ baseUrl: BASE, fetch });
    const err = await graph.uploadMedia(creds, new ArrayBuffer(3), "image/png", "a.png").catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err).toMatchObject({ status: 400, error: { code: "131053", title: "Media upload error", detail: null } });
  });

  it("mediaInfo GETs /{media_id} and reads Meta's answer (file_size as a string)", async () => {
    const { fetch, seen } = fakeFetch(() =>
      json({
        messaging_product: "whatsapp",
        url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1749416683&hash=ATu",
        mime_type: "image/jpeg",
        sha256: "81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3",
        file_size: "303833",
        id: "1003383421387256",
      }),
    );
    const info = await createGraphClient({ baseUrl: BASE, fetch }).mediaInfo(creds, "1003383421387256");
    expect(info).toEqual({
      url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1749416683&hash=ATu",
      mimeType: "image/jpeg",
      sha256: "81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3",
      fileSize: 303833,
    });
    const [req] = seen as [Seen];
    expect(req.url).toBe(`${BASE}/1003383421387256`);
    expect(req.method).toBe("GET");
    expect(req.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("mediaInfo of an unknown id throws Meta's error", async () => {
    const { fetch } = fakeFetch(() =>
      json(
        {
          error: {
            message: "Unsupported get request. Object with ID '42' does not exist",
            type: "GraphMethodException",
            code: 100,
            error_subcode: 33,
          },
        },
        400,
      ),
    );
    const err = await createGraphClient({ baseUrl: BASE, fetch })
      .mediaInfo(creds, "42")
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect((err as GraphApiError).error.code).toBe("100");
  });

  it("downloadMedia GETs the URL with the Bearer token and a User-Agent", async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    const { fetch, seen } = fakeFetch(() => new Response(bytes, { headers: { "content-type": "image/jpeg" } }));
    const url = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=3";
    const file = await createGraphClient({ baseUrl: BASE, fetch }).downloadMedia(creds, url);
    expect(new Uint8Array(file.bytes)).toEqual(bytes);
    expect(file.mimeType).toBe("image/jpeg");
    const [req] = seen as [Seen];
    expect(req.url).toBe(url);
    expect(req.method).toBe("GET");
    expect(req.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.get("user-agent")).toBeTruthy();
  });

  it("downloadMedia sends the token over plain http only to the Graph base origin (the sandbox)", async () => {
    const sandbox = "http://127.0.0.1:8787/sandbox/graph/v21.0";
    const { fetch, seen } = fakeFetch(() => new Response("data"));
    const graph = createGraphClient({ baseUrl: sandbox, fetch });
    const file = await graph.downloadMedia(creds, "http://127.0.0.1:8787/sandbox/media/abc");
    expect(file.mimeType).toBe("text/plain;charset=UTF-8");
    const err = await graph.downloadMedia(creds, "http://evil.example/steal").catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect((err as GraphApiError).error.code).toBe("insecure_media_url");
    const bad = await graph.downloadMedia(creds, "not a url").catch((e) => e);
    expect((bad as GraphApiError).error.code).toBe("invalid_media_url");
    expect(seen.map((s) => s.url)).toEqual(["http://127.0.0.1:8787/sandbox/media/abc"]);
  });

  it("downloadMedia of an expired URL throws", async () => {
    const { fetch } = fakeFetch(() => new Response("Not Found", { status: 404 }));
    const err = await createGraphClient({ baseUrl: BASE, fetch })
      .downloadMedia(creds, "https://lookaside.fbsbx.com/x")
      .catch((e) => e);
    expect(err).toMatchObject({ status: 404, error: { code: "http_404" } });
  });
});
