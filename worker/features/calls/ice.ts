/**
 * ICE servers for the agents' browsers (issue 14, item 8). Production: TURN credentials minted per
 * request from Cloudflare Realtime TURN with the secrets TURN_KEY_ID and TURN_KEY_API_TOKEN (the
 * token never reaches a browser; only short-lived credentials do). Otherwise the STUN_URLS var
 * (comma-separated, e.g. `stun:stun.cloudflare.com:3478`), or none: local and test calls use host
 * candidates.
 */
import { errorForLog, log } from "../../lib/log";

type IceServer = { urls: string | string[]; username?: string; credential?: string };
type IceEnv = Env & { TURN_KEY_ID?: string; TURN_KEY_API_TOKEN?: string; STUN_URLS?: string };

/** Credentials live a day: a call longer than that keeps its established connection. */
const TURN_TTL_SECONDS = 86_400;

export async function iceServers(env: Env): Promise<IceServer[]> {
  const e = env as IceEnv;
  const stun = (e.STUN_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter((u) => /^stuns?:/.test(u));
  const fallback = stun.length > 0 ? [{ urls: stun }] : [];
  if (!e.TURN_KEY_ID || !e.TURN_KEY_API_TOKEN) return fallback;
  try {
    const res = await fetch(
      `https://rtc.live.cloudflare.com/v1/turn/keys/${encodeURIComponent(e.TURN_KEY_ID)}/credentials/generate-ice-servers`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${e.TURN_KEY_API_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ ttl: TURN_TTL_SECONDS }),
        signal: AbortSignal.timeout(5_000),
      },
    );
    if (!res.ok) throw new Error(`TURN credentials answered ${res.status}`);
    const body = (await res.json()) as { iceServers?: IceServer[] | IceServer };
    const servers = Array.isArray(body.iceServers) ? body.iceServers : body.iceServers ? [body.iceServers] : [];
    return servers.length > 0 ? servers : fallback;
  } catch (err) {
    log("error", "calls.turn_unavailable", { error: errorForLog(err) });
    return fallback;
  }
}
