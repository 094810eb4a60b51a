/**
 * Message template rules (T1, T2): the one validator, shared by the worker (POST /api/templates) and
 * the web app (errors shown while the admin types). Pure: no zod, no worker or DOM imports, so
 * `web/` can import it as it is. It returns EVERY failed rule at once, one entry per rule and
 * place, as `{path, code, message}` (the shape of a problem's `errors[]`), `code` naming the rule.
 *
 * The draft is Meta's `message_templates` format: components HEADER?, BODY, FOOTER?, BUTTONS?, each
 * with its `example`. Paths are the request body's (`components.1.text`), so the web app and the API
 * point at the same field.
 *
 * Choices where the rulebook leaves room (written down per PRODUCT.md):
 * - Characters are counted as Unicode code points (an emoji is one character, not two).
 * - `leading_space`: the body starts with any whitespace, a line break included.
 * - `consecutive_blank_lines`: one empty line between paragraphs is fine; two or more in a row
 *   (three line breaks, spaces between them ignored) are refused.
 * - `double_space`: two or more spaces (or tabs) between two words on a line.
 * - `variables_not_sequential`: the body's `{{n}}` must read {{1}}, {{2}}, ... in order, each once;
 *   a malformed placeholder (`{{name}}`, `{{ 1 }}`, `{{0}}`) counts as out of sequence. A text
 *   header takes at most {{1}}; a footer takes none (Meta's limits) - both reported under this code.
 * - `sample_missing`: every body and header variable needs a non-blank example value, a media
 *   header needs an uploaded sample of its kind (a sample of another kind counts as missing), and a
 *   URL button with a `{{1}}` suffix needs an example URL.
 * - `sample_too_large`: image <= 6 MB, video <= 10 MB (T2), document <= 100 MB (I10). Only checked
 *   when the caller knows the sample (the worker reads it from storage, the web app from the File).
 * - `shortened_link`: any link on a known shortener or link-in-bio host (SHORTENER_HOSTS), in the
 *   header, body, footer or a button.
 * - `too_many_emoji`: more than 5 emoji in everything the customer reads (header, body, footer,
 *   button labels); a flag, a keycap or a family is one emoji; (c), (r) and TM signs are not counted.
 * - `cta_phone_format`: Indonesian national form without 0 or +62: `8` then 8 to 11 digits. The
 *   worker adds the country code (62) when it submits to the provider.
 * - `cta_url_format`: `http(s)://host/` and at most the suffix `{{1}}`, nothing else after the domain.
 * - `too_many_buttons`: more than 10 buttons, more than 2 URL buttons or more than 1 phone button.
 * - `header_too_long`, `footer_too_long`, `button_text_too_long`: Meta's limits of 60, 60 and 25
 *   characters. They are rules here (not shape limits), so they are answered together with every
 *   other failed rule; the request schema only keeps a generous cap against abuse.
 */
import { checkButtons } from "./template-buttons";
import { type Add, checkBody, checkFooter, checkHeader } from "./template-components";
import {
  TEMPLATE_LIMITS,
  type TemplateDraft,
  type TemplateRuleCode,
  type TemplateRuleContext,
  type TemplateRuleError,
} from "./template-draft";
import { emojiCount, shortenedLinksIn } from "./template-text";

export * from "./template-draft";
export * from "./template-preview";
export * from "./template-text";

/** Checks a draft against every rule of T1/T2; an empty list means it may be submitted. */
export function validateTemplate(draft: TemplateDraft, context: TemplateRuleContext = {}): TemplateRuleError[] {
  const errors: TemplateRuleError[] = [];
  const add = (path: string, code: TemplateRuleCode, message: string) => {
    if (!errors.some((e) => e.path === path && e.code === code)) errors.push({ path, code, message });
  };

  // Name (T1): lowercase letters, digits and underscores; unique on the channel account.
  const name = draft.name ?? "";
  if (!/^[a-z0-9_]+$/.test(name) || name.length > TEMPLATE_LIMITS.nameMaxLength) {
    add("name", "name_format", "Use lowercase letters, digits and underscores only, e.g. order_update.");
  } else if (context.takenNames && [...context.takenNames].includes(name)) {
    add("name", "name_taken", "This channel already has a template with this name. Pick another name.");
  } else if (context.heldNames && [...context.heldNames].includes(name)) {
    // Rule T3: Meta does not take a deleted template's name again for 30 days.
    add(
      "name",
      "name_recently_deleted",
      "A template of this name was deleted less than 30 days ago; WhatsApp takes the name again only after 30 days. Pick another name.",
    );
  }

  const readable: string[] = [];
  draft.components.forEach((component, i) => {
    const at = `components.${i}`;
    switch (component.type) {
      case "HEADER":
        checkHeader(component, at, context, add, readable);
        break;
      case "BODY":
        checkBody(component, at, add);
        readable.push(component.text ?? "");
        break;
      case "FOOTER":
        checkFooter(component, at, add, readable);
        break;
      case "BUTTONS":
        checkButtons(component, at, add, readable);
        break;
    }
  });
  checkWholeTemplate(draft, readable.join("\n"), add);
  return errors;
}

/** Links, emoji and the button count: judged over everything the customer reads. */
function checkWholeTemplate(draft: TemplateDraft, everything: string, add: Add): void {
  const shorteners = shortenedLinksIn(everything);
  if (shorteners.length > 0) {
    add(
      pathOfText(draft, (t) => shortenedLinksIn(t).length > 0),
      "shortened_link",
      `Shortened links are rejected (${shorteners.join(", ")}). Use the full link, or put it in a variable.`,
    );
  }
  const emoji = emojiCount(everything);
  if (emoji > TEMPLATE_LIMITS.maxEmoji) {
    add(
      pathOfText(draft, (t) => emojiCount(t) > 0),
      "too_many_emoji",
      `${emoji} emoji; a template may have at most ${TEMPLATE_LIMITS.maxEmoji}.`,
    );
  }
  const buttonCount = draft.components.reduce((n, c) => n + (c.type === "BUTTONS" ? c.buttons.length : 0), 0);
  if (buttonCount > TEMPLATE_LIMITS.maxButtons) {
    const i = draft.components.findIndex((c) => c.type === "BUTTONS");
    add(
      `components.${i}.buttons`,
      "too_many_buttons",
      `${buttonCount} buttons; at most ${TEMPLATE_LIMITS.maxButtons}.`,
    );
  }
}

/** The path of the first text field matching `test` (for rules judged over the whole template). */
function pathOfText(draft: TemplateDraft, test: (text: string) => boolean): string {
  for (const [i, c] of draft.components.entries()) {
    if (c.type === "BUTTONS") {
      for (const [j, b] of c.buttons.entries()) {
        if (test(b.text ?? "")) return `components.${i}.buttons.${j}.text`;
        if (b.type === "URL" && test(b.url ?? "")) return `components.${i}.buttons.${j}.url`;
      }
    } else if (test(c.text ?? "")) {
      return `components.${i}.text`;
    }
  }
  return "components";
}
