/**
 * How channel adapters reach their providers. Production uses the global `fetch`, nothing else; the
 * development entry (`worker/dev/index.ts`) injects the sandbox provider's in-process fetch, so that
 * production code never imports `worker/sandbox/`.
 */
export type ProviderFetch = (request: Request) => Promise<Response>;

let injected: ((env: Env) => ProviderFetch) | null = null;

/** Development only: answer provider calls through `fetchFor(env)` instead of the network. */
export function injectProviderFetch(fetchFor: ((env: Env) => ProviderFetch) | null): void {
  injected = fetchFor;
}

export function providerFetch(env: Env): ProviderFetch {
  return injected ? injected(env) : (request) => fetch(request);
}
