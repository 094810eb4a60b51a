import { Problem } from "../lib/problem";
import type { RoomDO } from "./room-do";

/**
 * A Problem does not survive the RPC boundary as a class, so refusals travel as a tagged value and
 * `roomStub` throws them again on the caller's side.
 */
interface Refused {
  __problem: { status: Problem["status"]; code: string; detail: string };
}

export async function refusable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof Problem) {
      return { __problem: { status: err.status, code: err.code, detail: err.detail } } satisfies Refused as never;
    }
    throw err;
  }
}

/** RoomDO's RPC surface as callers see it (the RPC mapping cannot express `unknown` fields). */
export type RoomApi = Pick<
  RoomDO,
  | "open"
  | "getSummary"
  | "receiveInbound"
  | "attachMedia"
  | "applyStatus"
  | "sendMessage"
  | "sendTemplate"
  | "sendAutomaticReply"
  | "sendSurvey"
  | "receiveSurveyAnswer"
  | "keepBroadcast"
  | "addNote"
  | "assign"
  | "autoAssign"
  | "take"
  | "resolve"
  | "markRead"
  | "listMessages"
  | "getMessage"
  | "resolveExpired"
  | "closeEmpty"
  | "republish"
  | "drainOutbox"
> & { fetch(request: Request): Promise<Response> };

/** The one way to reach a room: a room's refusals come back as Problems (4xx), never as 500s. */
export function roomStub(env: Env, roomId: string): RoomApi {
  const stub = env.ROOM.getByName(roomId) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  return new Proxy(stub, {
    get(target, name) {
      if (typeof name !== "string" || name === "then") return Reflect.get(target, name);
      if (name === "fetch") return (request: Request) => target.fetch?.(request);
      // Stub members are RPC proxies themselves: call them as methods, never through .apply/.bind.
      return async (...args: unknown[]) => {
        const result = await target[name]?.(...args);
        const refused = (result as Partial<Refused> | null)?.__problem;
        if (refused) throw new Problem(refused.status, refused.code, refused.detail);
        return result;
      };
    },
  }) as unknown as RoomApi;
}
