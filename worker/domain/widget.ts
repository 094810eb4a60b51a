/**
 * Rule G2: the website widget's domain is one origin, written as the browser sends it in `Origin`:
 * a scheme and a host (and a port), nothing after it. A trailing slash is refused with its own code
 * (seed 000: "https://chat.qontak.com/" is wrong, "https://chat.qontak.com" is right); a path, a
 * query, credentials or another scheme are `domain_invalid`. Plain http is for a local machine only.
 */
export type WidgetDomainResult =
  | { ok: true; origin: string }
  | { ok: false; code: "domain_trailing_slash" | "domain_invalid"; detail: string };

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const invalid = (detail: string): WidgetDomainResult => ({ ok: false, code: "domain_invalid", detail });

export function checkWidgetDomain(input: string): WidgetDomainResult {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid("The domain must be an address like https://shop.example.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return invalid("The domain must start with https://.");
  }
  if (url.protocol === "http:" && !LOCAL_HOSTS.has(url.hostname)) {
    return invalid("The domain must use https:// (plain http only for localhost).");
  }
  if (url.username || url.password || url.search || url.hash || text.includes("?") || text.includes("#")) {
    return invalid("The domain is only the site's address: no query, no #, no user name.");
  }
  const bare = text.replace(/\/+$/, "");
  if (bare !== text && url.pathname === "/" && sameOrigin(bare, url.origin)) {
    return {
      ok: false,
      code: "domain_trailing_slash",
      detail: `Leave out the "/" at the end: ${url.origin}.`,
    };
  }
  if (!sameOrigin(text, url.origin)) {
    return invalid(`The domain is only the site's address, without a path: ${url.origin}.`);
  }
  return { ok: true, origin: url.origin };
}

/** Whether what was typed is exactly the origin (the host's letter case aside). */
function sameOrigin(text: string, origin: string): boolean {
  return text.toLowerCase() === origin.toLowerCase();
}

/** Rule G2: a request's `Origin` header may use the widget only when it is the channel's domain. */
export function originAllowed(origin: string | null, domain: string): boolean {
  return origin !== null && origin.toLowerCase() === domain.toLowerCase();
}

/**
 * Whose writes a widget meters together: an IPv4 address, or an IPv6 address's /64 (one household or
 * phone holds a whole /64, so its single addresses cost nothing to change).
 */
export function visitorAddressGroup(address: string | null | undefined): string {
  if (!address) return "unknown";
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
