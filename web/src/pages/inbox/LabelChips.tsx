import type { Label } from "../../api";
import { t } from "../../i18n";

/** Rule I11: a room's labels, each with its colour. */
export function LabelChips({ labels }: { labels: readonly Label[] | undefined }) {
  if (!labels || labels.length === 0) return null;
  return (
    <span class="label-chips">
      <span class="visually-hidden">{t("Labels:")} </span>
      {labels.map((l) => (
        <span key={l.id} class="label-chip" title={l.name}>
          <span class="label-dot" style={{ background: l.colour }} aria-hidden="true" />
          {l.name}
        </span>
      ))}
    </span>
  );
}
