import { signal } from "@preact/signals";

/** The current location, as signals. A tiny router: no dependency, just the History API. */
export const location = signal({ pathname: window.location.pathname, search: window.location.search });

export function navigate(to: string, options: { replace?: boolean } = {}) {
  const url = new URL(to, window.location.origin);
  const current = window.location.pathname + window.location.search;
  if (url.pathname + url.search !== current) {
    if (options.replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }
  location.value = { pathname: url.pathname, search: url.search };
}

window.addEventListener("popstate", () => {
  location.value = { pathname: window.location.pathname, search: window.location.search };
});

export function queryParam(name: string): string | null {
  return new URLSearchParams(location.value.search).get(name);
}
