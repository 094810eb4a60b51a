import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";

/**
 * Campaigns (rule T6): a placeholder until the campaign pages arrive (issue 13, item 7, filled by
 * the campaigns work). Lists uploaded now are what campaigns will send to.
 */
export function CampaignsPage() {
  return (
    <div class="admin-page">
      <div class="admin-page-head">
        <div>
          <h1 tabIndex={-1}>Campaigns</h1>
          <p class="muted">Send one approved template to a contact list, now or at a time you choose.</p>
        </div>
      </div>
      <div class="state state-empty">
        <span class="state-icon">
          <Icon name="send" size={28} />
        </span>
        <h2>Campaigns come next</h2>
        <p>
          Creating and following campaigns is not available yet. Meanwhile, upload the contact lists you will send to in{" "}
          <Link href="/broadcast/lists">Lists</Link>.
        </p>
      </div>
    </div>
  );
}
