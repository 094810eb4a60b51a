/**
 * Phone numbers as WhatsApp addresses them: E.164 digits with a leading "+" (rule T5). Indonesian
 * numbers are understood in the forms people type them: `0812…`, `62812…`, `+62 812…`, `812…`,
 * `0062 812…`, `+62 0812…` (the trunk 0 written after the country code), full-width digits.
 */
const DEFAULT_COUNTRY = "62";

export type PhoneResult = { ok: true; phone: string } | { ok: false; code: "phone_invalid"; message: string };

/** Full-width digits (０-９) and plus, as some keyboards and spreadsheets write them, to ASCII. */
function asciiDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0B]/g, (ch) =>
    ch === "\uFF0B" ? "+" : String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 48),
  );
}

/** E.164 ("+" and 8-15 digits) from what a person typed; separators ( -.()/ ) are ignored. */
export function normalisePhone(typed: string, country = DEFAULT_COUNTRY): PhoneResult {
  const trimmed = asciiDigits(typed).trim();
  if (/^\d(\.\d+)?e\+?\d+$/i.test(trimmed)) {
    return invalid(typed, "was stored in scientific notation, so digits are lost: format the column as Text");
  }
  const plus = trimmed.startsWith("+") || trimmed.startsWith("00");
  const digits = trimmed.replace(/^\+|^00/, "").replace(/[\s\-.()/\u00A0]/g, "");
  if (digits === "" || !/^\d+$/.test(digits)) return invalid(typed, "has characters that are not digits");
  let national = digits;
  if (!plus) {
    if (digits.startsWith("0")) national = country + digits.slice(1);
    else if (country === "62" && digits.startsWith("8")) national = country + digits;
  }
  // "+62 0812…" / "62 0812…": the national trunk 0 kept after the country code.
  if (national.startsWith(`${country}0`) && national.length > country.length + 8) {
    national = country + national.slice(country.length + 1);
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
