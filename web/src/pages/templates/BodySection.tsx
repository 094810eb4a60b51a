/**
 * The template form's message section (rule T2): the body with WhatsApp's formatting marks, its
 * counters and a button for the next variable; a sample per variable; the footer.
 */
import { useRef } from "preact/hooks";
import { charCount, emojiCount, TEMPLATE_LIMITS } from "../../../../worker/domain/template-rules";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { bodyVariableCount } from "./draft";
import { type DraftFields, Errors, TextField } from "./Fields";
import { type BodyEdit, insertVariable, wrapSelection } from "./form-helpers";

export function BodySection({ fields }: { fields: DraftFields }) {
  const { id, draft, update, shown } = fields;
  const variables = bodyVariableCount(draft.body);
  return (
    <section class="admin-card" aria-labelledby={`${id}-body`}>
      <h2 id={`${id}-body`}>{t("Message")}</h2>
      <BodyField fields={fields} variables={variables} />
      {variables > 0 && <Samples fields={fields} variables={variables} />}
      <TextField
        id={`${id}-footer`}
        label={t("Footer (optional)")}
        value={draft.footer}
        onInput={(v) => update({ footer: v }, "footer")}
        errors={shown("footer")}
        hint={t("Small grey text under the message, at most 60 characters, no variables.")}
        maxLength={60}
      />
    </section>
  );
}

function BodyField({ fields, variables }: { fields: DraftFields; variables: number }) {
  const { id, draft, update, shown } = fields;
  const body = useRef<HTMLTextAreaElement>(null);

  // WhatsApp's marks around the selection, the next variable at the cursor; the cursor stays in the body.
  const setBody = ({ text, selection }: BodyEdit) => {
    update({ body: text }, "body");
    requestAnimationFrame(() => {
      body.current?.focus();
      body.current?.setSelectionRange(selection[0], selection[1]);
    });
  };
  const wrap = (mark: string) => {
    const el = body.current;
    if (!el) return;
    setBody(wrapSelection(el.value, el.selectionStart, el.selectionEnd, mark));
  };
  const addVariable = () => {
    const at = body.current ? body.current.selectionEnd : draft.body.length;
    setBody(insertVariable(draft.body, at, variables));
  };

  return (
    <div class={`field${shown("body") ? " field-invalid" : ""}`}>
      <div class="body-label-row">
        <label for={`${id}-body-text`}>{t("Body")}</label>
        <FormatBar wrap={wrap} addVariable={addVariable} />
      </div>
      <textarea
        ref={body}
        id={`${id}-body-text`}
        rows={7}
        value={draft.body}
        onInput={(event) => update({ body: event.currentTarget.value }, "body")}
        aria-invalid={shown("body") ? "true" : undefined}
        aria-describedby={`${id}-body-hint${shown("body") ? ` ${id}-body-error` : ""}`}
        placeholder={t("Hi {{1}}, your order *{{2}}* has shipped.")}
      />
      <BodyHint fields={fields} />
      <Errors id={`${id}-body-error`} errors={shown("body")} />
    </div>
  );
}

function FormatBar({ wrap, addVariable }: { wrap: (mark: string) => void; addVariable: () => void }) {
  return (
    <div class="format-bar" role="toolbar" aria-label={t("Formatting")}>
      <button
        type="button"
        class="format-button"
        onClick={() => wrap("*")}
        aria-label={t("Bold")}
        title={t("Bold: *text*")}
      >
        <strong>B</strong>
      </button>
      <button
        type="button"
        class="format-button"
        onClick={() => wrap("_")}
        aria-label={t("Italic")}
        title={t("Italic: _text_")}
      >
        <em>I</em>
      </button>
      <button
        type="button"
        class="format-button"
        onClick={() => wrap("~")}
        aria-label={t("Strikethrough")}
        title={t("Strikethrough: ~text~")}
      >
        <s>S</s>
      </button>
      <button type="button" class="format-button format-variable" onClick={addVariable}>
        <Icon name="plus" size={14} />
        {t("Variable")}
      </button>
    </div>
  );
}

/** The marks and variables in a line, and the body's length and the template's emoji against their limits. */
function BodyHint({ fields: { id, draft } }: { fields: DraftFields }) {
  const bodyLength = charCount(draft.body);
  const readable = [draft.headerText, draft.body, draft.footer, ...draft.buttons.map((b) => b.text)].join("\n");
  const emoji = emojiCount(readable);
  return (
    <p id={`${id}-body-hint`} class="field-hint counters">
      <span>
        {t("*bold*, _italic_, ~strikethrough~; variables {first}, {second}, … in order.", {
          first: "{{1}}",
          second: "{{2}}",
        })}
      </span>
      <span class={bodyLength > TEMPLATE_LIMITS.bodyMaxChars ? "over" : ""}>
        {t("{count} / {max} characters", { count: bodyLength, max: TEMPLATE_LIMITS.bodyMaxChars })}
      </span>
      <span class={emoji > TEMPLATE_LIMITS.maxEmoji ? "over" : ""}>
        {emoji} / {TEMPLATE_LIMITS.maxEmoji} emoji
      </span>
    </p>
  );
}

function Samples({ fields, variables }: { fields: DraftFields; variables: number }) {
  const { id, draft, update, shown } = fields;
  return (
    <fieldset class="samples">
      <legend>{t("Samples for the variables")}</legend>
      <p class="field-hint">{t("WhatsApp's reviewers read the message with these; they are not sent.")}</p>
      <div class="form-grid">
        {Array.from({ length: variables }, (_, i) => (
          <TextField
            key={i}
            id={`${id}-sample-${i}`}
            label={t("Sample for {variable}", { variable: `{{${i + 1}}}` })}
            value={draft.bodySamples[i] ?? ""}
            onInput={(v) => {
              const next = [...draft.bodySamples];
              next[i] = v;
              update({ bodySamples: next }, "body.samples");
            }}
            maxLength={200}
          />
        ))}
      </div>
      <Errors id={`${id}-samples-error`} errors={shown("body.samples")} />
    </fieldset>
  );
}
