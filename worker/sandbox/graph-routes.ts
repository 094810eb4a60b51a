import { type Context, Hono } from "hono";
import type { AppEnv } from "../lib/router";
import {
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_ID,
  SANDBOX_DISPLAY_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_VERIFIED_NAME,
  SANDBOX_WABA_ID,
} from "./config";
import { metaErrorResponse, metaErrors, parseSend } from "./graph";
import { appUrl, sandboxStub } from "./instance";
import { mediaBytes, storeMedia, stringField } from "./media";
import { parseTemplateCreate, templateAsMeta } from "./templates";
import { phoneNumberAnswer } from "./whatsapp-numbers";

/**
 * The fake Graph API for the sandbox number, in Meta's formats exactly (Bearer `sandbox-access-token`
 * required; errors are Meta's `{error:{...}}` JSON): messages, media, resumable uploads, message
 * templates; and `/media/{id}`, the download URL it hands out. Mounted by `routes.ts`.
 */
export const graphRoutes = new Hono<AppEnv>();

function bearerOk(c: Context<AppEnv>): boolean {
  const header = c.req.header("authorization") ?? "";
  // Meta takes `Bearer` and `OAuth` (the Resumable Upload API's examples use OAuth).
  const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header)?.[1]?.trim() ?? c.req.query("access_token");
  return token === SANDBOX_ACCESS_TOKEN;
}

graphRoutes.use("/graph/*", async (c, next) => {
  if (!bearerOk(c)) return metaErrorResponse(401, metaErrors.invalidToken());
  await next();
});

const graphVersion = (c: Context<AppEnv>) => /^v\d+\.\d+$/.test(c.req.param("version") ?? "");

graphRoutes.post("/graph/:version/:phoneNumberId/messages", async (c) => {
  const phoneNumberId = c.req.param("phoneNumberId");
  if (!graphVersion(c) || phoneNumberId !== SANDBOX_PHONE_NUMBER_ID) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", phoneNumberId));
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return metaErrorResponse(400, metaErrors.invalidParameter("The request body is not valid JSON."));
  }
  const parsed = parseSend(body);
  const stub = sandboxStub(c.env);
  if (parsed.kind === "error") return metaErrorResponse(400, parsed.error);
  if (parsed.kind === "mark_read") {
    if (!(await stub.markRead(parsed.messageId))) {
      return metaErrorResponse(400, metaErrors.invalidParameter(`No message with id ${parsed.messageId}.`));
    }
    return c.json({ success: true });
  }
  // The template check (T3), the pacing of MARKETING templates (T8) and the rate: in the object, one call.
  const result = await stub.businessSends(parsed.send);
  if (!result.ok) return metaErrorResponse(result.status, result.error);
  return c.json({
    messaging_product: "whatsapp",
    contacts: [
      { input: parsed.send.input, ...(parsed.send.byUserId ? { user_id: result.waId } : { wa_id: result.waId }) },
    ],
    messages: [
      {
        id: result.messageId,
        ...(parsed.send.type === "template"
          ? { message_status: result.held ? "held_for_quality_assessment" : "accepted" }
          : {}),
      },
    ],
  });
});

graphRoutes.post("/graph/:version/:phoneNumberId/media", async (c) => {
  const phoneNumberId = c.req.param("phoneNumberId");
  if (!graphVersion(c) || phoneNumberId !== SANDBOX_PHONE_NUMBER_ID) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", phoneNumberId));
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    return metaErrorResponse(400, metaErrors.invalidParameter("Upload the file as multipart/form-data."));
  }
  if (!form.get("messaging_product")) return metaErrorResponse(400, metaErrors.requiredParameter("messaging_product"));
  const file = form.get("file");
  if (!(file instanceof File)) return metaErrorResponse(400, metaErrors.requiredParameter("file"));
  const media = await storeMedia(c.env, file, stringField(form, "type") ?? file.type);
  if ("problem" in media) return metaErrorResponse(400, metaErrors.mediaUpload(media.problem.detail));
  return c.json({ id: media.record.id });
});

/** Resumable Upload API, step 1: an upload session for the described file (`{id: "upload:..."}`). */
graphRoutes.post("/graph/:version/:appId/uploads", async (c) => {
  const appId = c.req.param("appId");
  if (!graphVersion(c) || appId !== SANDBOX_APP_ID) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", appId));
  }
  const length = Number(c.req.query("file_length"));
  const type = c.req.query("file_type");
  if (!c.req.query("file_length")) return metaErrorResponse(400, metaErrors.requiredParameter("file_length"));
  if (!Number.isSafeInteger(length) || length <= 0) {
    return metaErrorResponse(400, metaErrors.invalidParameter("file_length must be a positive number of bytes."));
  }
  if (!type) return metaErrorResponse(400, metaErrors.requiredParameter("file_type"));
  if (!["application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"].includes(type)) {
    return metaErrorResponse(400, metaErrors.invalidParameter(`Unsupported file_type '${type}'.`));
  }
  const id = await sandboxStub(c.env).startUpload(length, type, c.req.query("file_name") ?? null);
  return c.json({ id });
});

/** Step 2: the bytes (`file_offset: 0`) to `POST /{upload_session_id}`; answers the handle `{h}`. */
graphRoutes.post("/graph/:version/:session", async (c) => {
  const session = c.req.param("session");
  if (!graphVersion(c) || !session.startsWith("upload:")) {
    return metaErrorResponse(400, metaErrors.unknownObject("post", session));
  }
  const sig = c.req.query("sig");
  const offset = Number(c.req.header("file_offset") ?? Number.NaN);
  if (!Number.isSafeInteger(offset)) return metaErrorResponse(400, metaErrors.requiredParameter("file_offset"));
  const bytes = await c.req.arrayBuffer();
  const result = await sandboxStub(c.env).finishUpload(
    sig ? `${session}?sig=${sig}` : session,
    offset,
    bytes.byteLength,
  );
  if (!result.ok) return metaErrorResponse(result.status, result.error);
  return c.json({ h: result.handle });
});

graphRoutes.get("/graph/:version/:id", async (c) => {
  const id = c.req.param("id");
  if (!graphVersion(c)) return metaErrorResponse(400, metaErrors.unknownObject("get", id));
  // `GET /app`: the app the access token belongs to.
  if (id === "app") return c.json({ id: SANDBOX_APP_ID, name: "Edge Inbox sandbox app", link: "" });
  if (id === SANDBOX_PHONE_NUMBER_ID) {
    const number = { id, displayPhoneNumber: SANDBOX_DISPLAY_NUMBER, verifiedName: SANDBOX_VERIFIED_NAME };
    return c.json(phoneNumberAnswer({ ...number, qualityRating: "GREEN" }, c.req.query("fields")));
  }
  const media = await sandboxStub(c.env).media(id);
  if (!media) return metaErrorResponse(400, metaErrors.unknownObject("get", id));
  return c.json({
    url: `${appUrl(c.env)}/sandbox/media/${media.id}?mid=${media.id}`,
    mime_type: media.mimeType,
    sha256: media.sha256,
    // Meta's reference shows the size as a string.
    file_size: String(media.fileSize),
    id: media.id,
    messaging_product: "whatsapp",
  });
});

graphRoutes.delete("/graph/:version/:id", async (c) => {
  const id = c.req.param("id");
  const key = graphVersion(c) ? await sandboxStub(c.env).deleteMedia(id) : null;
  if (!key) return metaErrorResponse(400, metaErrors.unknownObject("delete", id));
  await c.env.MEDIA.delete(key);
  return c.json({ success: true });
});

const wabaOk = (c: Context<AppEnv>) => graphVersion(c) && c.req.param("wabaId") === SANDBOX_WABA_ID;

/** Submits a template for review: `{id, status: "PENDING", category}`, as Meta answers. */
graphRoutes.post("/graph/:version/:wabaId/message_templates", async (c) => {
  if (!wabaOk(c)) return metaErrorResponse(400, metaErrors.unknownObject("post", c.req.param("wabaId")));
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return metaErrorResponse(400, metaErrors.invalidParameter("The request body is not valid JSON."));
  }
  const parsed = parseTemplateCreate(body);
  if (parsed.kind === "error") return metaErrorResponse(400, parsed.error);
  const result = await sandboxStub(c.env).createTemplate(parsed.template);
  if (!result.ok) return metaErrorResponse(result.status, result.error);
  return c.json({ id: result.template.id, status: result.template.status, category: result.template.category });
});

graphRoutes.get("/graph/:version/:wabaId/message_templates", async (c) => {
  if (!wabaOk(c)) return metaErrorResponse(400, metaErrors.unknownObject("get", c.req.param("wabaId")));
  const name = c.req.query("name");
  const templates = (await sandboxStub(c.env).listTemplates()).filter((t) => !name || t.name === name);
  return c.json({ data: templates.map(templateAsMeta), paging: { cursors: { before: "", after: "" } } });
});

/** Deletes by `name` (every language), or one template with `hsm_id` as well. */
graphRoutes.delete("/graph/:version/:wabaId/message_templates", async (c) => {
  if (!wabaOk(c)) return metaErrorResponse(400, metaErrors.unknownObject("delete", c.req.param("wabaId")));
  const name = c.req.query("name");
  if (!name) return metaErrorResponse(400, metaErrors.requiredParameter("name"));
  const deleted = await sandboxStub(c.env).deleteTemplate(name, c.req.query("hsm_id") ?? null);
  if (deleted === 0) {
    return metaErrorResponse(400, metaErrors.invalidParameter(`Message template "${name}" was not found.`));
  }
  return c.json({ success: true });
});

graphRoutes.all("/graph/*", (c) =>
  metaErrorResponse(400, {
    message: `Unknown path components: ${c.req.path.replace(/^.*?\/graph/, "")}`,
    type: "OAuthException",
    code: 2500,
  }),
);

/** The media URL handed out by `GET /{media_id}`: the bytes, with the Bearer token only (as Meta's). */
graphRoutes.get("/media/:mediaId", async (c) => {
  if (!bearerOk(c)) return metaErrorResponse(401, metaErrors.invalidToken());
  const response = await mediaBytes(c.env, c.req.param("mediaId"));
  return response ?? metaErrorResponse(404, metaErrors.unknownObject("get", c.req.param("mediaId")));
});
