import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { activeApiKeyByHash, activeApiKeyById, touchApiKey } from "../db/api-keys";
import { membershipRole, renewSession, sessionByHash } from "../db/identity";
import { claimTicket } from "../db/realtime-tickets";
import { can, type Permission } from "../domain/access";
import type { Actor } from "../domain/actor";
import { type ApiScope, scopeOfPermission } from "../domain/api-clients";
import { isSessionLive, SESSION_TTL_MS, slidSessionExpiry } from "../domain/sign-in";
import { clock } from "./clock";
import { sha256Hex } from "./crypto";
import { Problem, problems } from "./problem";
import type { AppEnv } from "./router";

export const SESSION_COOKIE = "sid";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function setSessionCookie(c: Context, token: string) {
  const secure = !LOCAL_HOSTS.has(new URL(c.req.url).hostname);
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure,
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** CSRF: a cookie-authenticated write must come from a page of this very origin. */
export function isSameOrigin(c: Context): boolean {
  const origin = c.req.header("Origin");
  return origin !== undefined && origin === new URL(c.req.url).origin;
}

async function actorFromApiKey(c: Context<AppEnv>, secret: string): Promise<Actor | null> {
  const db = c.get("db");
  const key = await activeApiKeyByHash(db, await sha256Hex(secret));
  if (!key) return null;
  c.executionCtx.waitUntil(touchApiKey(db, key.id, clock.now()));
  return {
    kind: "api_key",
    apiKeyId: key.id,
    organizationId: key.organizationId,
    role: key.role,
    scopes: key.scopes,
    rateLimitPerMinute: key.rateLimitPerMinute,
  };
}

async function actorFromSession(c: Context<AppEnv>, token: string): Promise<Actor | null> {
  const db = c.get("db");
  const sessionHash = await sha256Hex(token);
  const session = await sessionByHash(db, sessionHash);
  const now = clock.now();
  if (!session || !isSessionLive(session.expiresAt, now)) return null;
  // Membership is read on every request, so a removed user or a changed role takes effect at once.
  const role = await membershipRole(db, session.organizationId, session.identityId);
  if (!role) return null;
  const renewed = slidSessionExpiry(session.expiresAt, now);
  if (renewed) {
    await renewSession(db, sessionHash, renewed);
    setSessionCookie(c, token);
  }
  return { kind: "session", identityId: session.identityId, organizationId: session.organizationId, role, sessionHash };
}

/** The session of the request's `sid` cookie, or null: for the public "who is here" probe. */
export async function sessionActor(c: Context<AppEnv>): Promise<Actor | null> {
  const token = getCookie(c, SESSION_COOKIE);
  return token ? actorFromSession(c, token) : null;
}

/**
 * A WebSocket opened with `?ticket=`: the ticket is claimed (deleted) in the same statement, so it works
 * once. A session's ticket opens nothing once that session ended or left the organization, and takes
 * the role the person has now (rule G7).
 */
async function actorFromTicket(c: Context<AppEnv>, ticket: string): Promise<Actor | null> {
  const db = c.get("db");
  const row = await claimTicket(db, await sha256Hex(ticket), clock.now());
  if (!row) return null;
  const { identityId, organizationId, sessionHash, apiKeyId } = row;
  if (sessionHash === null || identityId === null) {
    // An API key's ticket opens nothing once the key is revoked (rule G7).
    if (apiKeyId && !(await activeApiKeyById(db, organizationId, apiKeyId))) return null;
    return { kind: "ticket", identityId, organizationId, role: row.role, sessionHash: null, apiKeyId };
  }
  const session = await sessionByHash(db, sessionHash);
  if (!session || !isSessionLive(session.expiresAt, clock.now()) || session.organizationId !== organizationId)
    return null;
  const role = await membershipRole(db, organizationId, identityId);
  return role ? { kind: "ticket", identityId, organizationId, role, sessionHash, apiKeyId: null } : null;
}

const isWebSocketUpgrade = (c: Context) => c.req.header("Upgrade")?.toLowerCase() === "websocket";

/**
 * A realtime ticket opens a socket and nothing else: a GET upgrade on a socket route (`…/ws`). On any
 * other request it is ignored, so it can never stand in for its key (scopes, rate limit) or session.
 */
const isSocketOpening = (c: Context) => c.req.method === "GET" && isWebSocketUpgrade(c) && c.req.path.endsWith("/ws");

/**
 * The one auth middleware: Bearer API key, a realtime ticket on a WebSocket upgrade, or the `sid`
 * cookie; 401 otherwise. Cookie writes and cookie WebSockets must come from this origin (CSRF, CSWSH).
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ticket = isSocketOpening(c) ? c.req.query("ticket") : undefined;
  if (ticket) {
    const actor = await actorFromTicket(c, ticket);
    if (!actor) throw problems.unauthenticated();
    c.set("actor", actor);
    return next();
  }
  const bearer = c.req.header("Authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const actor = await actorFromApiKey(c, bearer);
    if (!actor) throw problems.unauthenticated();
    c.set("actor", actor);
    return next();
  }
  const actor = await sessionActor(c);
  if (!actor) throw problems.unauthenticated();
  if ((!SAFE_METHODS.has(c.req.method) || isWebSocketUpgrade(c)) && !isSameOrigin(c)) throw problems.csrf();
  c.set("actor", actor);
  return next();
};

/** The actor of an authenticated route, once its role is known to allow `permission` (rule A3; else 403). */
export function authorized(c: Context<AppEnv>, permission: Permission): Actor {
  const actor = actorOf(c);
  authorize(actor, permission);
  return actor;
}

/** The actor of an authenticated route. */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get("actor");
  if (!actor) throw problems.unauthenticated();
  return actor;
}

/** Rule A3: throws 403 unless the actor's role grants `permission` (and, for an API key, its scopes: issue 18). */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw problems.forbidden();
  const scope = scopeOfPermission(permission);
  if (scope && actor.kind === "api_key" && !actor.scopes.includes(scope)) throw insufficientScope(scope);
}

/** Whether `authorize(actor, permission)` would let the actor through: for answers that show more to some. */
export function allows(actor: Actor, permission: Permission): boolean {
  try {
    authorize(actor, permission);
    return true;
  } catch {
    return false;
  }
}

export const insufficientScope = (scope: ApiScope) =>
  new Problem(403, "insufficient_scope", `This API key has no \`${scope}\` scope.`);

export function requireSessionActor(actor: Actor): Extract<Actor, { kind: "session" }> {
  if (actor.kind !== "session") throw problems.forbidden("This action needs a signed-in user, not an API key.");
  return actor;
}

/**
 * Rule A3 first (issue 11, finding 7): spread into a `createRoute` so the route's role check runs
 * before its input is validated; a caller whose role does not allow the route gets 403 whatever they
 * send, never a 400 describing the route's fields. With several permissions, any one lets the caller
 * on to validation (a route whose exact permission depends on the input checks it again after). The
 * OpenAPI document names them (`x-permission`), so tests can walk every such route.
 */
export function requires(...permissions: [Permission, ...Permission[]]) {
  const checkRole: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = actorOf(c);
    if (!permissions.some((p) => can(actor.role, p))) throw problems.forbidden();
    const allowed = permissions.find((p) => can(actor.role, p)) as Permission;
    if (permissions.length === 1) authorize(actor, allowed);
    await next();
  };
  const middleware: MiddlewareHandler<AppEnv>[] = [checkRole];
  return { middleware, "x-permission": permissions.join(" ") };
}
