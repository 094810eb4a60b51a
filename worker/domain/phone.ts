/**
 * Phone numbers as WhatsApp addresses them: E.164 digits with a leading "+" (rule T5). Indonesian
 * numbers are understood in the forms people type them: `0812…`, `62812…`, `+62 812…`, `812…`.
 */
const DEFAULT_COUNTRY = "62";

export type PhoneResult = { ok: true; phone: string } | { ok: false; code: "phone_invalid"; message: string };

/** E.164 ("+" and 8-15 digits) from what a person typed; separators ( -.()/ ) are ignored. */
export function normalisePhone(typed: string, country = DEFAULT_COUNTRY): PhoneResult {
  const trimmed = typed.trim();
  const plus = trimmed.startsWith("+") || trimmed.startsWith("00");
  const digits = trimmed.replace(/^\+|^00/, "").replace(/[\s\-.()/]/g, "");
  if (digits === "" || !/^\d+$/.test(digits)) return invalid(typed, "has characters that are not digits");
  let national = digits;
  if (!plus) {
    if (digits.startsWith("0")) national = country + digits.slice(1);
    else if (country === "62" && digits.startsWith("8")) national = country + digits;
  }
  if (national.startsWith("0")) return invalid(typed, "has no country code");
  if (national.length < 8 || national.length > 15) return invalid(typed, "is not 8 to 15 digits long");
  if (national.startsWith("62") && !/^62[2-9]\d{6,12}$/.test(national)) {
    return invalid(typed, "is not an Indonesian number");
  }
  return { ok: true, phone: `+${national}` };
}

function invalid(typed: string, why: string): PhoneResult {
  return { ok: false, code: "phone_invalid", message: `"${typed.slice(0, 40)}" ${why}.` };
}
