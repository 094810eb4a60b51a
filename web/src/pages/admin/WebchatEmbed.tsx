import { useState } from "preact/hooks";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";

/** Rule G2: the snippet to paste before </body> on the widget's domain, with a copy button. */
export function EmbedSnippet({ snippet, name }: { snippet: string; name: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="embed-snippet">
      <p class="admin-row-sub">{t("Paste before </body> on your site:")}</p>
      <div class="secret-row">
        <code class="secret" data-testid="embed-snippet">
          {snippet}
        </code>
        <button
          type="button"
          class="button button-small"
          aria-label={t("Copy the snippet of {name}", { name })}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(snippet);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          <Icon name="copy" size={16} />
          <span>{copied ? t("Copied") : t("Copy")}</span>
        </button>
      </div>
    </div>
  );
}

/** How a site signs (an English sentence shown through t(), I13) its user's id for the widget (rule G2, HMAC identity). */
export const IDENTITY_HELP =
  "Optional: to keep a signed-in user's chat on every browser, your server computes hex(HMAC-SHA256(this secret, user id)) and your page sets window.edgeInboxSettings = { user: { id, hash, name } } before the snippet. A wrong hash is refused.";
