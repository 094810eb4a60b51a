/**
 * The widget's frame page (rule G2): a small HTML document that loads the widget app. It may be
 * shown only inside a page of the channel's domain (`frame-ancestors`), loads only from this origin,
 * and names the widget to the app in data attributes (never a secret).
 */
const htmlText = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

export function framePolicy(domain: string): string {
  return [
    `frame-ancestors ${domain}`,
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

export function framePage(widget: { widgetId: string; name: string; domain: string }): string {
  const base = `/widget/${encodeURIComponent(widget.widgetId)}/`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${htmlText(widget.name)}</title></head>
<body data-base="${htmlText(base)}" data-name="${htmlText(widget.name)}" data-domain="${htmlText(widget.domain)}">
<noscript>This chat needs JavaScript.</noscript>
<script src="${htmlText(base)}app.js" defer></script>
</body></html>`;
}
