import { createRoute } from "@hono/zod-openapi";
import { checkTemplateSample, checkUpload, HEAD_BYTES, MEDIA_LIMITS } from "../domain/media";
import { authorize, authorized } from "../lib/auth";
import { Problem, problems } from "../lib/problem";
import { authed, createRouter, errors, json } from "../lib/router";
import { uploadKey } from "../rooms/outbound";
import { MediaUploadSchema } from "../schemas/rooms";

/**
 * Files agents attach to messages (rule I10) and template header samples (rule T2, form field
 * `purpose=template_sample`, admins): stored in R2, typed by their bytes, size-checked.
 *
 * Sizes are checked before the file is read: a declared `content-length` over the largest file
 * anyone may send (a 100 MB document, plus room for the form) is refused 413 before the body is
 * parsed, and the file's own size is checked against its kind's limit from its first bytes only;
 * the parsed form holds the file once, and it goes to R2 from there without another copy.
 */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(MEDIA_LIMITS)) + 64 * 1024;
export const mediaRoutes = createRouter();

const upload = createRoute({
  method: "post",
  path: "/",
  tags: ["media"],
  summary:
    "Upload a file (multipart field `file`); send it with POST /api/rooms/{id}/messages {type, mediaId}. " +
    "With `purpose=template_sample` (admin) it is a template header sample (T2: image 6 MB, video 10 MB, PDF): " +
    "give its id as the HEADER's example.header_handle",
  security: authed,
  responses: {
    201: json(MediaUploadSchema, "Stored"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    413: errors[400],
    415: errors[400],
  },
});

mediaRoutes.openapi(upload, async (c) => {
  const actor = authorized(c, "inbox.use");
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > MAX_UPLOAD_BYTES) {
    throw new Problem(413, "media_too_large", `A file can be at most ${MEDIA_LIMITS.document / 1024 / 1024} MB.`);
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw problems.validation([{ path: "file", code: "required", message: "Send multipart/form-data with a file." }]);
  }
  const purpose = form.get("purpose") ?? "attachment";
  if (purpose !== "attachment" && purpose !== "template_sample") {
    throw problems.validation([
      { path: "purpose", code: "invalid_value", message: "purpose is attachment (default) or template_sample." },
    ]);
  }
  if (purpose === "template_sample") authorize(actor, "integrations.manage");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    throw problems.validation([{ path: "file", code: "required", message: "Attach a non-empty file." }]);
  }
  // The declared size and the first bytes decide; the file is not copied again to check it. An
  // Office document or a .txt also needs its declared type or name (rule I10: a .docx is a ZIP).
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const check =
    purpose === "template_sample"
      ? checkTemplateSample(head, file.size)
      : checkUpload(head, file.size, undefined, { type: file.type, name: file.name });
  if (!check.ok) throw new Problem(check.code === "unsupported_media_type" ? 415 : 413, check.code, check.detail);
  const id = crypto.randomUUID();
  const filename = (file.name || "file").slice(0, 200);
  await c.env.MEDIA.put(uploadKey(actor.organizationId, id), file, {
    httpMetadata: { contentType: check.contentType },
    customMetadata: { filename, purpose },
  });
  return c.json({ id, mimeType: check.contentType, size: file.size, filename }, 201);
});
