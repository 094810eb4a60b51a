import { Hono } from "hono";
import { sharedFileValid } from "../channels/shared-file";
import { clock } from "../lib/clock";
import { fileResponse } from "../lib/file-response";
import { problems } from "../lib/problem";
import type { AppEnv } from "../lib/router";

/**
 * `GET /files/<key>?exp&sig`: an outbound file by a link the platform signed for a provider that
 * fetches files itself (LINE). No session: the link is the permission; a wrong or expired one is 404,
 * like a file that does not exist.
 */
export const sharedFileRoutes = new Hono<AppEnv>();

/** The R2 key the link names; null when it is not valid percent-encoding (a link we never made). */
function keyOf(param: string): string | null {
  try {
    return decodeURIComponent(param);
  } catch {
    return null;
  }
}

sharedFileRoutes.get("/:key{.+}", async (c) => {
  const key = keyOf(c.req.param("key"));
  if (key === null || !(await sharedFileValid(key, c.req.query("exp"), c.req.query("sig"), clock.now()))) {
    throw problems.notFound("file");
  }
  const object = await c.env.MEDIA.get(key);
  if (!object) throw problems.notFound("file");
  return fileResponse(object, object.customMetadata?.filename ?? null);
});
