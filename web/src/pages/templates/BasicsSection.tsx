/** The template form's first section (rule T1): the number, the name, the category and the language. */
import type { Channel, TemplateCategory } from "../../api";
import { t } from "../../i18n";
import { type DraftFields, TextField } from "./Fields";
import { CATEGORY_LABELS, categoryLabel, LANGUAGES } from "./labels";

/** English sentences shown through t() (I13). */
const CATEGORY_HINTS: Record<TemplateCategory, string> = {
  MARKETING: "Offers, news, invitations: anything that promotes.",
  UTILITY: "About something the customer already started: an order, a booking, an account.",
  AUTHENTICATION: "One-time codes that let customers sign in or verify.",
};

export function BasicsSection({ fields, channels }: { fields: DraftFields; channels: Channel[] }) {
  const { id, draft, update, touch, shown } = fields;
  return (
    <section class="admin-card" aria-labelledby={`${id}-basics`}>
      <h2 id={`${id}-basics`}>{t("Basics")}</h2>
      <div class="form-grid">
        <div class="field">
          <label for={`${id}-channel`}>{t("WhatsApp number")}</label>
          <select
            id={`${id}-channel`}
            value={draft.channelId}
            onChange={(event) => update({ channelId: event.currentTarget.value }, "name")}
          >
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.displayPhoneNumber})
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-name`}
          label={t("Name")}
          value={draft.name}
          onInput={(v) => update({ name: v }, "name")}
          onBlur={() => touch("name")}
          errors={shown("name")}
          hint={t("Lowercase letters, digits and underscores, e.g. order_update. Unique on this number.")}
          maxLength={512}
          mono
        />
        <CategoryField fields={fields} />
        <div class="field">
          <label for={`${id}-language`}>{t("Language")}</label>
          <select
            id={`${id}-language`}
            value={draft.language}
            onChange={(event) => update({ language: event.currentTarget.value })}
          >
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {t(l.label)} ({l.code})
              </option>
            ))}
          </select>
        </div>
      </div>
    </section>
  );
}

function CategoryField({ fields: { id, draft, update } }: { fields: DraftFields }) {
  return (
    <div class="field">
      <label for={`${id}-category`}>{t("Category")}</label>
      <select
        id={`${id}-category`}
        value={draft.category}
        aria-describedby={`${id}-category-hint`}
        onChange={(event) => update({ category: event.currentTarget.value as TemplateCategory })}
      >
        {(Object.keys(CATEGORY_LABELS) as TemplateCategory[]).map((c) => (
          <option key={c} value={c}>
            {categoryLabel(c)}
          </option>
        ))}
      </select>
      <p id={`${id}-category-hint`} class="field-hint">
        {t(CATEGORY_HINTS[draft.category])}
      </p>
    </div>
  );
}
