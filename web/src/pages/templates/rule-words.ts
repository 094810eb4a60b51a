/**
 * Rule I13 for the template rules (T2): the validator the API runs (worker/domain/template-rules)
 * writes its problems as English sentences, some with numbers or names in them. Each is matched to
 * its sentence below, with `{named}` places for what varies, and shown through t() in the page's
 * language; a sentence not known here is shown as the API wrote it.
 */
import { t } from "../../i18n";

/** The validator's sentences (keep them word for word as worker/domain/template-*.ts writes them). */
export const SENTENCES = [
  "{count} characters; a text header may have at most {max}.",
  "A text header takes at most one variable, {{1}}.",
  "Give a sample value for the header's variable {{1}}.",
  "Upload a sample {kind} for the header.",
  "The header sample was not found. Upload the {kind} again.",
  "The header is {kind}, but the sample is {type}. Upload a {kind} sample.",
  "The {kind} sample is {size}; at most {max}.",
  "{count} characters; the body may have at most {max}.",
  "Remove the space or line break at the start of the body.",
  "Leave at most one empty line between paragraphs.",
  "Use a single space between words.",
  "Number the variables {{1}}, {{2}}, ... in order, each once; found {found}.",
  "Give a sample value for {variables}.",
  "{count} characters; the footer may have at most {max}.",
  "A footer cannot contain variables.",
  "{count} URL buttons; at most {max}.",
  "{count} phone buttons; at most {max}.",
  "{count} characters; a button label may have at most {max}.",
  "Write the number in Indonesian national form starting with 8, without 0 or +62, e.g. 81234567890.",
  "Give a full link such as https://example.com/promo, optionally ending with the variable {{1}}.",
  "Give a sample full URL for the button's variable {{1}}.",
  "Use lowercase letters, digits and underscores only, e.g. order_update.",
  "This channel already has a template with this name. Pick another name.",
  "A template of this name was deleted less than 30 days ago; WhatsApp takes the name again only after 30 days. Pick another name.",
  "Shortened links are rejected ({hosts}). Use the full link, or put it in a variable.",
  "{count} emoji; a template may have at most {max}.",
  "{count} buttons; at most {max}.",
];

/** A named place: `{kind}`, not the `{1}` inside a template variable `{{1}}`. */
const PLACE = /(?<!\{)\{([a-z]\w*)\}(?!\})/g;

const PATTERNS = SENTENCES.map((sentence) => {
  const names: string[] = [];
  const source = sentence
    .split(PLACE)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(part);
      return "(.+?)";
    })
    .join("");
  return { sentence, names, pattern: new RegExp(`^${source}$`) };
});

/** Media kinds named inside the sentences. */
const KINDS: Record<string, () => string> = {
  image: () => t("image"),
  video: () => t("video"),
  document: () => t("document"),
};

/** A template rule's problem, as the validator or the API wrote it, in the page's language. */
export function ruleMessage(message: string): string {
  for (const { sentence, names, pattern } of PATTERNS) {
    const match = pattern.exec(message);
    if (!match) continue;
    const vars: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = match[i + 1] ?? "";
      vars[name] = name === "kind" ? (KINDS[value]?.() ?? value) : value;
    });
    return t(sentence, vars);
  }
  return t(message);
}
