import type { PagedList } from "../hooks/usePagedList";
import { t } from "../i18n";

/**
 * The "Show more" of a list loaded a page at a time (`usePagedList`): there while a next page is,
 * busy while it loads. `small`: the small button on its own, as in a side panel.
 */
export function ShowMore({
  paged,
  label,
  loadingLabel,
  small = false,
}: {
  paged: Pick<PagedList<unknown>, "cursor" | "status" | "more">;
  label: string;
  loadingLabel?: string;
  small?: boolean;
}) {
  if (!paged.cursor) return null;
  const loading = paged.status === "more";
  const button = (
    <button
      type="button"
      class={small ? "button button-small" : "button"}
      disabled={loading || paged.status === "loading"}
      aria-busy={loading}
      onClick={paged.more}
    >
      {loading ? (loadingLabel ?? t("Loading…")) : label}
    </button>
  );
  return small ? button : <div class="form-actions">{button}</div>;
}
