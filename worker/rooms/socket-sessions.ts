import { createDb } from "../db/client";
import { organizationsOf } from "../db/identity";
import { errorForLog, log } from "../lib/log";
import type { SocketEndReason } from "../schemas/realtime";

/** Which sockets end, and why. Without `organizationId`, in every organization the person belongs to. */
export interface SocketsToEnd {
  /** The person's id, or `key:<id>` (apiKeyOwner) for an API key's sockets. */
  userId: string;
  organizationId?: string | undefined;
  /** Only this session's sockets (sign-out). */
  sessionHash?: string | undefined;
  /** Every session's sockets but this one (a password change keeps the session that made it). */
  exceptSessionHash?: string | undefined;
  reason: SocketEndReason;
}

/**
 * Rule G7 (issue 11, finding 2): the one call routes make when a session ends or a person's access
 * changes, after the change is written (so a reconnect is already refused). It closes the person's
 * inbox feed and room sockets with the close code of `reason` (worker/schemas/realtime.ts) through
 * each organization's InboxDO, which knows the rooms they opened. It never fails the request that
 * caused it: the change stands, and a socket it could not reach is closed when next used (its session
 * is checked again) or dropped by the client.
 */
export async function endSessionSockets(env: Env, end: SocketsToEnd): Promise<number> {
  const { organizationId, ...filter } = end;
  try {
    const organizations = organizationId
      ? [organizationId]
      : (await organizationsOf(createDb(env.DB), end.userId)).map((o) => o.id);
    const closed = await Promise.all(organizations.map((id) => env.INBOX.getByName(id).endSockets(filter)));
    return closed.reduce((sum, n) => sum + n, 0);
  } catch (err) {
    log("error", "sockets.end_failed", { reason: end.reason, error: errorForLog(err) });
    return 0;
  }
}
