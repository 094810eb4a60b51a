import { createRoute } from "@hono/zod-openapi";
import { authorize } from "../domain/actor";
import { checkUpload } from "../domain/media";
import { actorOf } from "../lib/auth";
import { Problem, problems } from "../lib/problem";
import { authed, createRouter, errors, json } from "../lib/router";
import { uploadKey } from "../rooms/outbound";
import { MediaUploadSchema } from "../schemas/rooms";

/** Files agents attach to messages (rule I10): stored in R2, typed by their bytes, size-checked. */
export const mediaRoutes = createRouter();

const upload = createRoute({
  method: "post",
  path: "/",
  tags: ["media"],
  summary: "Upload a file (multipart field `file`); send it with POST /api/rooms/{id}/messages {type, mediaId}",
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
  const actor = actorOf(c);
  authorize(actor, "inbox.use");
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw problems.validation([{ path: "file", code: "required", message: "Send multipart/form-data with a file." }]);
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    throw problems.validation([{ path: "file", code: "required", message: "Attach a non-empty file." }]);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkUpload(bytes.subarray(0, 16), bytes.byteLength);
  if (!check.ok) throw new Problem(check.code === "media_too_large" ? 413 : 415, check.code, check.detail);
  const id = crypto.randomUUID();
  const filename = (file.name || "file").slice(0, 200);
  await c.env.MEDIA.put(uploadKey(actor.organizationId, id), bytes, {
    httpMetadata: { contentType: check.contentType },
    customMetadata: { filename },
  });
  return c.json({ id, mimeType: check.contentType, size: bytes.byteLength, filename }, 201);
});
