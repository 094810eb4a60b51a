import { isDevelopment } from "../lib/env";
import { sandboxRoutes } from "./routes";

/**
 * Rule G3 (issue 16): the real hosts of the Telegram and LINE APIs, answered by their sandbox fakes
 * in development (telegram-fake.ts, line-fake.ts). Messenger and Instagram use GRAPH_API_URL, as
 * WhatsApp does (meta-messaging-fake.ts answers the ids it minted there); their attachment files
 * are on Meta's CDN host, answered by that fake too.
 */
const PROVIDER_HOSTS: [string, string][] = [
  ["https://api.telegram.org/", "/telegram/"],
  ["https://api.line.me/", "/line/"],
  ["https://api-data.line.me/", "/line-data/"],
  ["https://lookaside.fbsbx.com/sandbox-cdn/", "/meta-cdn/sandbox-cdn/"],
];

/**
 * The `fetch` the platform's Graph API client uses. In development a URL under
 * `${APP_URL}/sandbox/` (the sandbox's Graph API and media download URLs) is answered in-process by
 * `sandboxRoutes`, with `/sandbox` stripped as the app's mount would; anything else goes to the
 * global `fetch`. Outside development it is the global `fetch`, nothing else.
 */
export function graphFetchFor(env: Env): typeof fetch {
  if (!isDevelopment(env)) return fetch;
  const prefix = `${env.APP_URL.replace(/\/+$/, "")}/sandbox/`;
  const sandboxFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const host = PROVIDER_HOSTS.find(([origin]) => request.url.startsWith(origin));
    if (host) {
      const mapped = `${prefix.slice(0, -1)}${host[1]}${request.url.slice(host[0].length)}`;
      return sandboxFetch(new Request(mapped, request));
    }
    if (!request.url.startsWith(prefix)) return fetch(request);
    const url = new URL(request.url);
    url.pathname = url.pathname.replace(/^\/sandbox(?=\/)/, "");
    return sandboxRoutes.fetch(new Request(url, request), env);
  };
  return sandboxFetch as typeof fetch;
}
