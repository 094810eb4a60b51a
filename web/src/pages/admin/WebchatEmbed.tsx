import { t } from "../../i18n";
import { CopyRow } from "./common";

/** Rule G2: the snippet to paste before </body> on the widget's domain, with a copy button. */
export function EmbedSnippet({ snippet, name }: { snippet: string; name: string }) {
  return (
    <div class="embed-snippet">
      <p class="admin-row-sub">{t("Paste before </body> on your site:")}</p>
      <CopyRow text={snippet} testId="embed-snippet" label={t("Copy the snippet of {name}", { name })} />
    </div>
  );
}

/** How a site signs its user's id for the widget (rule G2, HMAC identity); shown through t() (I13). */
export const IDENTITY_HELP =
  "Optional: to keep a signed-in user's chat on every browser, your server computes hex(HMAC-SHA256(this secret, user id)) and your page sets window.edgeInboxSettings = { user: { id, hash, name } } before the snippet. A wrong hash is refused.";
