import { isDevelopment } from "../lib/env";
import { sandboxRoutes } from "./routes";

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
    if (!request.url.startsWith(prefix)) return fetch(request);
    const url = new URL(request.url);
    url.pathname = url.pathname.replace(/^\/sandbox(?=\/)/, "");
    return sandboxRoutes.fetch(new Request(url, request), env);
  };
  return sandboxFetch as typeof fetch;
}
