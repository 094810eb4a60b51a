/**
 * How the server ends the app's WebSockets (rules I5, G7): the one list of close codes, shared with
 * the web app (web/src/state/realtime.ts imports it). Every socket is tied to the session that opened
 * it; these codes say why it ended and what the client must do. Neither is retried with backoff.
 *
 * - 4401 session ended: signed out, password changed (other sessions) or reset, removed from the
 *   organization, the session expired, or the API key that opened the socket was revoked. The web app goes to the sign-in page.
 * - 4403 access changed: the person's role in the organization changed, so what they may see must be
 *   asked again. The room view says so (reopening the room asks the server again); the inbox re-reads
 *   who is signed in, reloads its lists and reconnects its feed once.
 *
 * Any other code (1000, 1001, 1006, 1011, 1012) is an ordinary drop: reconnect with backoff and resume.
 */
export const SOCKET_CLOSE = {
  sessionEnded: 4401,
  accessChanged: 4403,
} as const;

export type SocketCloseCode = (typeof SOCKET_CLOSE)[keyof typeof SOCKET_CLOSE];

/** Why a person's sockets are ended; the reason travels as the close frame's text. */
export type SocketEndReason =
  | "signed_out"
  | "password_changed"
  | "password_reset"
  | "removed"
  | "role_changed"
  | "session_expired"
  | "api_key_revoked";

export function closeCodeFor(reason: SocketEndReason): SocketCloseCode {
  return reason === "role_changed" ? SOCKET_CLOSE.accessChanged : SOCKET_CLOSE.sessionEnded;
}
