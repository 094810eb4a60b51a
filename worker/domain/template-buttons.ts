/** The button rules of a template (T2): how many of each kind, label length, phone and URL formats. */
import type { Add } from "./template-components";
import { TEMPLATE_LIMITS, type TemplateButtons } from "./template-draft";
import { charCount, isCtaPhone, isCtaUrl } from "./template-text";

export function checkButtons(component: TemplateButtons, at: string, add: Add, readable: string[]): void {
  const urls = component.buttons.filter((b) => b.type === "URL").length;
  const phones = component.buttons.filter((b) => b.type === "PHONE_NUMBER").length;
  if (urls > TEMPLATE_LIMITS.maxUrlButtons) {
    add(`${at}.buttons`, "too_many_buttons", `${urls} URL buttons; at most ${TEMPLATE_LIMITS.maxUrlButtons}.`);
  }
  if (phones > TEMPLATE_LIMITS.maxPhoneButtons) {
    add(`${at}.buttons`, "too_many_buttons", `${phones} phone buttons; at most ${TEMPLATE_LIMITS.maxPhoneButtons}.`);
  }
  component.buttons.forEach((button, j) => {
    const bt = `${at}.buttons.${j}`;
    readable.push(button.text ?? "");
    if (charCount(button.text ?? "") > TEMPLATE_LIMITS.buttonTextMaxChars) {
      add(
        `${bt}.text`,
        "button_text_too_long",
        `${charCount(button.text ?? "")} characters; a button label may have at most ${TEMPLATE_LIMITS.buttonTextMaxChars}.`,
      );
    }
    if (button.type === "PHONE_NUMBER" && !isCtaPhone(button.phone_number ?? "")) {
      add(
        `${bt}.phone_number`,
        "cta_phone_format",
        "Write the number in Indonesian national form starting with 8, without 0 or +62, e.g. 81234567890.",
      );
    }
    if (button.type === "URL") {
      const url = button.url ?? "";
      readable.push(url);
      if (!isCtaUrl(url)) {
        add(
          `${bt}.url`,
          "cta_url_format",
          "Give a full link such as https://example.com/promo, optionally ending with the variable {{1}}.",
        );
      } else if (url.endsWith("{{1}}") && !button.example?.[0]?.trim()) {
        add(`${bt}.example`, "sample_missing", "Give a sample full URL for the button's variable {{1}}.");
      }
    }
  });
}
