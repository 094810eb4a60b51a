import { DurableObject } from "cloudflare:workers";
import { createDb } from "../db/client";
import { sessionByHash } from "../db/identity";
import { isSessionLive } from "../domain/sign-in";
import { clock } from "../lib/clock";
import { errorForLog, log } from "../lib/log";
import { type Member, memberOf, socketOwner } from "../rooms/member";
import { VISITOR_TAG } from "../rooms/room-visitors";
import { closeCodeFor, type SocketEndReason } from "../schemas/realtime";

/** Whose sockets to end: one person's, optionally only one session's or all but one session's. */
export interface SocketFilter {
  /** The person's id, or an API key's `key:<id>` (`socketOwner`, worker/rooms/member.ts). */
  userId: string;
  sessionHash?: string | undefined;
  /** A password change keeps the session that made it (rule A1). */
  exceptSessionHash?: string | undefined;
  reason: SocketEndReason;
}

/** A close code that is an ordinary drop for the client: reconnect (with a fresh check) and resume. */
const RECONNECT = 1012;
const userTag = (userId: string) => `user:${userId}`;
const sessionTag = (sessionHash: string) => `session:${sessionHash}`;

/**
 * The socket plumbing every live Durable Object shares (rule I5): hibernating WebSockets, pings
 * answered by the runtime without waking the object, one JSON broadcast, and a close handshake.
 * Every socket is tagged with its person and session (rule G7): `closeSockets` ends them when the
 * session ends or the person's access changes, and a socket whose session's known expiry has passed
 * is checked against D1 before it hears or says anything more. RoomDO and InboxDO extend it; what
 * they say on their sockets is their own.
 */
export abstract class LiveObject extends DurableObject<Env> {
  /** Attachments read once per wake-up (a broadcast would otherwise deserialize each one every time). */
  private readonly owners = new WeakMap<WebSocket, Member>();
  private readonly rechecking = new WeakSet<WebSocket>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Accepts an upgrade for the member the route named; the caller sends its greeting on `server`. */
  protected acceptMember(request: Request): { client: WebSocket; server: WebSocket } {
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const member = memberOf(request);
    const owner = socketOwner(member);
    const tags = [...(owner ? [userTag(owner)] : []), ...(member.sessionHash ? [sessionTag(member.sessionHash)] : [])];
    this.ctx.acceptWebSocket(server, tags);
    this.remember(server, member);
    return { client, server };
  }

  protected memberOf(ws: WebSocket): Member | null {
    const known = this.owners.get(ws);
    if (known) return known;
    const member = ws.deserializeAttachment() as Member | null;
    if (member) this.owners.set(ws, member);
    return member;
  }

  private remember(ws: WebSocket, member: Member) {
    ws.serializeAttachment(member);
    this.owners.set(ws, member);
  }

  /** Sends one event to these people's open sockets only; lapsed sessions hear nothing until checked. */
  protected sendTo(userIds: readonly string[], event: unknown): void {
    const text = JSON.stringify(event);
    const now = clock.now();
    for (const userId of new Set(userIds)) {
      for (const ws of this.ctx.getWebSockets(userTag(userId))) {
        if (this.lapsed(ws, now)) {
          this.ctx.waitUntil(this.recheck(ws, RECONNECT));
          continue;
        }
        try {
          ws.send(text);
        } catch {
          // A socket closing under us: its close handler cleans up.
        }
      }
    }
  }

  /** Sends one event, serialised once, to every socket but `except`; lapsed sessions are checked first. */
  protected broadcast(event: unknown, except?: WebSocket): void {
    const text = JSON.stringify(event);
    const now = clock.now();
    // Rule G2: a website visitor's socket hears only what its room tells visitors (asked once, not per socket).
    const visitors = new Set(this.ctx.getWebSockets(VISITOR_TAG));
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except || visitors.has(ws)) continue;
      if (this.lapsed(ws, now)) {
        // It hears nothing until its session is known to be alive; then it reconnects and resumes.
        this.ctx.waitUntil(this.recheck(ws, RECONNECT));
        continue;
      }
      try {
        ws.send(text);
      } catch {
        // A socket closing under us: its client resumes (or reloads) when it reconnects.
      }
    }
  }

  /** True when the socket's session expired as far as this object knows (it may have been extended). */
  private lapsed(ws: WebSocket, now: number): boolean {
    const expiresAt = this.memberOf(ws)?.sessionExpiresAt ?? null;
    return expiresAt !== null && !isSessionLive(expiresAt, now);
  }

  /**
   * Asks D1 whether a lapsed socket's session still lives: if not, the socket is closed with 4401
   * (rule G7); if it was extended, the new expiry is kept and `ifAlive` (when given) closes it anyway.
   */
  private async recheck(ws: WebSocket, ifAlive?: number): Promise<boolean> {
    if (this.rechecking.has(ws)) return false;
    const member = this.memberOf(ws);
    if (!member?.sessionHash) return true;
    this.rechecking.add(ws);
    try {
      const session = await sessionByHash(createDb(this.env.DB), member.sessionHash);
      if (!session || !isSessionLive(session.expiresAt, clock.now())) {
        this.end(ws, "session_expired");
        return false;
      }
      this.remember(ws, { ...member, sessionExpiresAt: session.expiresAt });
      if (ifAlive !== undefined) this.closeQuietly(ws, ifAlive, "session renewed");
      return ifAlive === undefined;
    } catch (err) {
      log("warn", "socket.session_check_failed", { error: errorForLog(err) });
      return false;
    } finally {
      this.rechecking.delete(ws);
    }
  }

  /** Before a socket's message is handled: false (and the socket closed) when its session has ended. */
  protected async admit(ws: WebSocket): Promise<boolean> {
    return this.lapsed(ws, clock.now()) ? this.recheck(ws) : true;
  }

  /**
   * RPC: ends a person's sockets here (rule G7) with the close code of `reason`. Returns how many were
   * closed and how many of that person's sockets stay open (other sessions).
   */
  async closeSockets(filter: SocketFilter): Promise<{ closed: number; left: number }> {
    const tagged = filter.sessionHash ? sessionTag(filter.sessionHash) : userTag(filter.userId);
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(tagged)) {
      const member = this.memberOf(ws);
      if (!member || socketOwner(member) !== filter.userId) continue;
      if (filter.exceptSessionHash && member.sessionHash === filter.exceptSessionHash) continue;
      this.end(ws, filter.reason);
      closed++;
    }
    if (closed > 0) this.socketsEnded();
    return { closed, left: this.openSocketsOf(filter.userId) };
  }

  /** How many of a person's (or an API key's, `key:<id>`) sockets here are open. */
  protected openSocketsOf(owner: string): number {
    return this.ctx.getWebSockets(userTag(owner)).filter((ws) => ws.readyState === WebSocket.OPEN).length;
  }

  /** Called after `closeSockets` closed some: InboxDO tells the others who is still online. */
  protected socketsEnded(): void {}

  private end(ws: WebSocket, reason: SocketEndReason) {
    this.closeQuietly(ws, closeCodeFor(reason), reason);
  }

  private closeQuietly(ws: WebSocket, code: number, reason: string) {
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.closeQuietly(ws, code === 1005 ? 1000 : code, "closing");
  }
}

export const expectWebSocket = (request: Request): Response | null =>
  request.headers.get("Upgrade") === "websocket" ? null : new Response("Expected WebSocket", { status: 426 });
