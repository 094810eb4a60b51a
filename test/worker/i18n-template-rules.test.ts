/**
 * Rule I13 for the template rules (T2): every problem the API's template validator writes is shown to
 * an Indonesian admin in Indonesian (web/src/pages/templates/rule-words.ts), with its numbers and
 * names kept; in English it stays word for word.
 */
import { afterEach, describe, expect, it } from "vitest";
import { savedLanguage } from "../../web/src/i18n";
import { ID } from "../../web/src/i18n/id";
import { ruleMessage, SENTENCES } from "../../web/src/pages/templates/rule-words";
import { MB, type TemplateDraft, validateTemplate } from "../../worker/domain/template-rules";

/** Drafts that break every rule at least once between them. */
const DRAFTS: { draft: TemplateDraft; context?: Parameters<typeof validateTemplate>[1] }[] = [
  {
    draft: {
      name: "Bad Name",
      category: "MARKETING",
      language: "id",
      components: [
        { type: "HEADER", format: "TEXT", text: `${"h".repeat(61)} {{1}} {{2}}` },
        { type: "BODY", text: " Hi {{2}}  there\n\n\nsee bit.ly/promo 😀😀😀😀😀😀" },
        { type: "FOOTER", text: `${"f".repeat(61)} {{1}}` },
        {
          type: "BUTTONS",
          buttons: [
            { type: "PHONE_NUMBER", text: "Call us", phone_number: "0812" },
            { type: "PHONE_NUMBER", text: "Call", phone_number: "81234567890" },
            { type: "URL", text: "b".repeat(26), url: "ftp://shop" },
            { type: "URL", text: "Site", url: "https://shop.example.com/{{1}}" },
            { type: "URL", text: "Site 2", url: "https://shop.example.com/" },
            ...Array.from({ length: 7 }, (_, i) => ({ type: "QUICK_REPLY" as const, text: `Q${i}` })),
          ],
        },
      ],
    },
  },
  {
    draft: {
      name: "taken_name",
      components: [
        { type: "HEADER", format: "IMAGE" },
        { type: "BODY", text: "Hi" },
      ],
    },
    context: { takenNames: ["taken_name"], samples: {} },
  },
  {
    draft: {
      name: "samples",
      components: [
        { type: "HEADER", format: "VIDEO", example: { header_handle: ["gone"] } },
        { type: "BODY", text: "Hi {{1}}" },
      ],
    },
    context: { samples: {} },
  },
  {
    draft: {
      name: "wrong_kind",
      components: [
        { type: "HEADER", format: "DOCUMENT", example: { header_handle: ["png"] } },
        { type: "BODY", text: "Hi" },
      ],
    },
    context: { samples: { png: { contentType: "image/png", size: 10 } } },
  },
  {
    draft: {
      name: "too_big",
      components: [
        { type: "HEADER", format: "IMAGE", example: { header_handle: ["big"] } },
        { type: "BODY", text: "Hi" },
      ],
    },
    context: { samples: { big: { contentType: "image/png", size: 7 * MB } } },
  },
];

const problems = DRAFTS.flatMap(({ draft, context }) => validateTemplate(draft, context));

describe("template rule problems in the page's language (I13, T2)", () => {
  afterEach(() => {
    savedLanguage.value = null;
  });

  it("knows Indonesian words for every sentence the validator writes", () => {
    expect(SENTENCES.filter((sentence) => !(sentence in ID))).toEqual([]);
  });

  it("shows every problem of the validator in Indonesian, its numbers and names kept", () => {
    expect(problems.length).toBeGreaterThan(20);
    savedLanguage.value = "id";
    const untranslated = problems.filter((p) => ruleMessage(p.message) === p.message).map((p) => p.message);
    expect(untranslated).toEqual([]);
    const long = problems.find((p) => p.code === "header_too_long");
    expect(long && ruleMessage(long.message)).toMatch(/karakter/);
    expect(long && ruleMessage(long.message)).toContain("60");
    const big = problems.find((p) => p.code === "sample_too_large");
    expect(big && ruleMessage(big.message)).toBe("Contoh gambar berukuran 7 MB; paling besar 6 MB.");
  });

  it("leaves each problem word for word in English", () => {
    savedLanguage.value = "en";
    for (const p of problems) expect(ruleMessage(p.message)).toBe(p.message);
  });
});
