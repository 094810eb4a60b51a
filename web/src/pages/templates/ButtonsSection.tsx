/**
 * The template form's buttons (rule T2): quick replies, a phone number, websites (with a sample full
 * link when the address ends in a variable), each removable, added up to WhatsApp's limit.
 */
import { TEMPLATE_LIMITS } from "../../../../worker/domain/template-rules";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import type { ButtonDraft, ButtonKind, FieldKey } from "./draft";
import { type DraftFields, Errors, TextField } from "./Fields";

/** English words shown through t() (I13). */
const BUTTON_KINDS: { type: ButtonKind; label: string }[] = [
  { type: "QUICK_REPLY", label: "Quick reply" },
  { type: "PHONE_NUMBER", label: "Call a phone number" },
  { type: "URL", label: "Visit a website" },
];

let buttonKeys = 0;

export function ButtonsSection({ fields }: { fields: DraftFields }) {
  const { id, draft, update, shown } = fields;
  const addButton = (type: ButtonKind) =>
    update(
      { buttons: [...draft.buttons, { key: ++buttonKeys, type, text: "", phone: "", url: "", example: "" }] },
      "buttons",
    );
  return (
    <section class="admin-card" aria-labelledby={`${id}-buttons`}>
      <h2 id={`${id}-buttons`}>
        {t("Buttons")} <span class="optional">{t("optional")}</span>
      </h2>
      <p class="muted small">
        {t("Up to {max}: quick replies, one phone number and two websites at most.", {
          max: TEMPLATE_LIMITS.maxButtons,
        })}
      </p>
      {draft.buttons.length > 0 && (
        <ol class="button-drafts">
          {draft.buttons.map((b, index) => (
            <ButtonItem key={b.key} fields={fields} button={b} index={index} />
          ))}
        </ol>
      )}
      <Errors id={`${id}-buttons-error`} errors={shown("buttons")} />
      <fieldset class="add-buttons">
        <legend class="visually-hidden">{t("Add a button")}</legend>
        {BUTTON_KINDS.map((k) => (
          <button
            key={k.type}
            type="button"
            class="button button-small"
            onClick={() => addButton(k.type)}
            disabled={draft.buttons.length >= TEMPLATE_LIMITS.maxButtons}
          >
            <Icon name="plus" size={16} />
            {t(k.label)}
          </button>
        ))}
      </fieldset>
    </section>
  );
}

function ButtonItem({ fields, button: b, index }: { fields: DraftFields; button: ButtonDraft; index: number }) {
  const { draft, update } = fields;
  const remove = () => update({ buttons: draft.buttons.filter((other) => other.key !== b.key) }, "buttons");
  return (
    <li class="button-draft">
      <div class="button-draft-head">
        <span class="tag">
          {index + 1}. {t(BUTTON_KINDS.find((k) => k.type === b.type)?.label ?? "")}
        </span>
        <button
          type="button"
          class="icon-button icon-button-small"
          onClick={remove}
          aria-label={t("Remove button {number}", { number: index + 1 })}
        >
          <Icon name="x" size={16} />
        </button>
      </div>
      <div class="form-grid">
        <ButtonTextField fields={fields} button={b} part="text" label={t("Button text")} maxLength={25} />
        {b.type === "PHONE_NUMBER" && (
          <ButtonTextField
            fields={fields}
            button={b}
            part="phone"
            label={t("Phone number")}
            hint={t("Indonesian form starting with 8, without 0 or +62, e.g. 81234567890.")}
            inputMode="tel"
            maxLength={30}
          />
        )}
        {b.type === "URL" && (
          <ButtonTextField
            fields={fields}
            button={b}
            part="url"
            label={t("Website")}
            hint={t("Up to the domain, e.g. https://shop.example.com/ — add {{1}} at the end for a part that changes.")}
            inputMode="url"
            maxLength={2000}
          />
        )}
        {b.type === "URL" && b.url.endsWith("{{1}}") && (
          <ButtonTextField
            fields={fields}
            button={b}
            part="example"
            label={t("Sample full link")}
            inputMode="url"
            maxLength={2000}
          />
        )}
      </div>
    </li>
  );
}

type ButtonPart = "text" | "phone" | "url" | "example";

/** One text of a button draft, with the id, the field key and the errors its part has. */
function ButtonTextField(props: {
  fields: DraftFields;
  button: ButtonDraft;
  part: ButtonPart;
  label: string;
  hint?: string;
  inputMode?: "tel" | "url";
  maxLength: number;
}) {
  const { id, draft, update, shown } = props.fields;
  const { key } = props.button;
  const field: FieldKey = `button.${key}.${props.part}`;
  return (
    <TextField
      id={`${id}-b${key}-${props.part}`}
      label={props.label}
      value={props.button[props.part]}
      onInput={(v) =>
        update({ buttons: draft.buttons.map((b) => (b.key === key ? { ...b, [props.part]: v } : b)) }, field)
      }
      errors={shown(field)}
      hint={props.hint}
      inputMode={props.inputMode}
      maxLength={props.maxLength}
    />
  );
}
