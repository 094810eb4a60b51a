/** Checks done in the browser before a request, with the same words the API's errors get. */
import { t } from "./i18n";

export const MIN_PASSWORD_LENGTH = 10;

export function emailProblem(email: string): string | undefined {
  const value = email.trim();
  if (!value) return t("Enter your email address.");
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return t("Enter an email address like name@example.com.");
  return undefined;
}

export function newPasswordProblem(password: string): string | undefined {
  if (!password) return t("Choose a new password.");
  if (password.length < MIN_PASSWORD_LENGTH)
    return t("Use at least {count} characters.", { count: MIN_PASSWORD_LENGTH });
  return undefined;
}

/** Moves focus to the first field marked invalid in a form, so keyboard users land on the problem. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  queueMicrotask(() => form?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
}
