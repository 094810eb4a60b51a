import type { Role } from "../db/schema";
import { problems } from "../lib/problem";
import { can, type Permission } from "./access";

/** Who is making a request: a signed-in identity or an organization's API key, always in one organization. */
export type Actor =
  | { kind: "session"; identityId: string; organizationId: string; role: Role; sessionHash: string }
  | { kind: "api_key"; apiKeyId: string; organizationId: string; role: Role }
  /** A single-use realtime ticket: opens one WebSocket for whoever asked for it. */
  | { kind: "ticket"; identityId: string | null; organizationId: string; role: Role };

/** Rule A3: throws 403 unless the actor's role grants `permission`. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw problems.forbidden();
}

export function requireSessionActor(actor: Actor): Extract<Actor, { kind: "session" }> {
  if (actor.kind !== "session") throw problems.forbidden("This action needs a signed-in user, not an API key.");
  return actor;
}
