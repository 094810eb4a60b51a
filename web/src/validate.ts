/** Checks done in the browser before a request, with the same words the API's errors get. */
export const MIN_PASSWORD_LENGTH = 10;

export function emailProblem(email: string): string | undefined {
  const value = email.trim();
  if (!value) return "Enter your email address.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return "Enter an email address like name@example.com.";
  return undefined;
}

export function newPasswordProblem(password: string): string | undefined {
  if (!password) return "Choose a new password.";
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return undefined;
}

/** Moves focus to the first field marked invalid in a form, so keyboard users land on the problem. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  queueMicrotask(() => form?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
}
