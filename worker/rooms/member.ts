/**
 * Who opened a socket, as the realtime route tells a Durable Object (the name is URI-encoded: headers
 * are ASCII), and the session the socket belongs to (rule G7): the socket ends with that session.
 */
export interface Member {
  userId: string | null;
  name: string | null;
  /** The session's token hash (never the token); null for a socket opened with an API key's ticket. */
  sessionHash: string | null;
  /** When that session expired as of the upgrade; past it the socket is checked again before use. */
  sessionExpiresAt: number | null;
  /** The API key that opened the socket (itself or through its ticket): revoking it ends the socket. */
  apiKeyId: string | null;
}

/**
 * Whose socket it is, for ending it (rule G7): the person's id, or `key:<id>` for an API key's socket
 * (ids never start with `key:`). Null for neither.
 */
export function socketOwner(member: Pick<Member, "userId" | "apiKeyId">): string | null {
  return member.userId ?? (member.apiKeyId ? apiKeyOwner(member.apiKeyId) : null);
}

export const apiKeyOwner = (apiKeyId: string) => `key:${apiKeyId}`;

export function memberHeaders(member: Member): Headers {
  const headers = new Headers({ Upgrade: "websocket" });
  if (member.userId) headers.set("x-user-id", member.userId);
  if (member.name) headers.set("x-user-name", encodeURIComponent(member.name));
  if (member.sessionHash) headers.set("x-session-hash", member.sessionHash);
  if (member.apiKeyId) headers.set("x-api-key-id", member.apiKeyId);
  if (member.sessionExpiresAt !== null) headers.set("x-session-expires-at", String(member.sessionExpiresAt));
  return headers;
}

export function memberOf(request: Request): Member {
  const name = request.headers.get("x-user-name");
  let decoded: string | null = null;
  try {
    decoded = name === null ? null : decodeURIComponent(name);
  } catch {
    decoded = name;
  }
  const expires = Number(request.headers.get("x-session-expires-at"));
  return {
    userId: request.headers.get("x-user-id"),
    name: decoded,
    sessionHash: request.headers.get("x-session-hash"),
    sessionExpiresAt: Number.isFinite(expires) && expires > 0 ? expires : null,
    apiKeyId: request.headers.get("x-api-key-id"),
  };
}
