/** Who opened a socket, as the realtime route tells a Durable Object (the name is URI-encoded: headers are ASCII). */
export interface Member {
  userId: string | null;
  name: string | null;
}

export function memberHeaders(member: Member): Headers {
  const headers = new Headers({ Upgrade: "websocket" });
  if (member.userId) headers.set("x-user-id", member.userId);
  if (member.name) headers.set("x-user-name", encodeURIComponent(member.name));
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
  return { userId: request.headers.get("x-user-id"), name: decoded };
}
