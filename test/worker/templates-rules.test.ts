// Rule T2: the one template validator (shared with the web app), each rule passing and failing.
import { describe, expect, it } from "vitest";
import {
  emojiCount,
  previewSegments,
  shortenedLinksIn,
  TEMPLATE_RULE_CODES,
  type TemplateComponent,
  type TemplateDraft,
  type TemplateRuleContext,
  validateTemplate,
} from "../../worker/domain/template-rules";

const MB = 1024 * 1024;
const body = (text: string, samples?: string[]): TemplateComponent => ({
  type: "BODY",
  text,
  ...(samples ? { example: { body_text: [samples] } } : {}),
});
const draft = (components: TemplateComponent[], name = "order_update"): TemplateDraft => ({
  name,
  category: "UTILITY",
  language: "id",
  components,
});
const codes = (d: TemplateDraft, context?: TemplateRuleContext) => validateTemplate(d, context).map((e) => e.code);
const okBody = (text: string, samples?: string[]) => expect(codes(draft([body(text, samples)]))).toEqual([]);
const failsBody = (text: string, code: string, samples?: string[]) =>
  expect(codes(draft([body(text, samples)]))).toContain(code);

describe("each T2 rule: a passing and a failing case", () => {
  it("name_format: lowercase letters, digits, underscores", () => {
    expect(codes(draft([body("Hello")], "promo_2024_v2"))).toEqual([]);
    for (const bad of ["Promo", "promo-sale", "promo sale", "", "promo!", "p".repeat(513)]) {
      expect(codes(draft([body("Hello")], bad))).toEqual(["name_format"]);
    }
  });

  it("name_taken: unique per channel account", () => {
    expect(codes(draft([body("Hello")], "fresh_name"), { takenNames: ["order_update"] })).toEqual([]);
    const errors = validateTemplate(draft([body("Hello")], "order_update"), { takenNames: ["order_update"] });
    expect(errors).toEqual([{ path: "name", code: "name_taken", message: expect.any(String) }]);
  });

  it("body_too_long: at most 1024 characters, an emoji counting as one", () => {
    okBody("a".repeat(1024));
    okBody(`${"a".repeat(1019)}😀😀😀😀😀`);
    failsBody("a".repeat(1025), "body_too_long");
  });

  it("leading_space: no space or line break at the start of the body", () => {
    okBody("Halo kak, pesanan sudah dikirim.");
    failsBody(" Halo kak", "leading_space");
    failsBody("\nHalo kak", "leading_space");
    failsBody("\tHalo kak", "leading_space");
  });

  it("consecutive_blank_lines: one empty line between paragraphs, never two", () => {
    okBody("Halo kak,\n\nPesanan sudah dikirim.\nTerima kasih.");
    failsBody("Halo kak,\n\n\nPesanan sudah dikirim.", "consecutive_blank_lines");
    failsBody("Halo kak,\n \n  \nPesanan sudah dikirim.", "consecutive_blank_lines");
  });

  it("double_space: a single space between words", () => {
    okBody("Halo kak, pesanan sudah dikirim.");
    failsBody("Halo  kak", "double_space");
    failsBody("Halo kak,\npesanan\t\tsudah", "double_space");
  });

  it("variables_not_sequential: {{1}}..{{n}} in order, no gaps, repeats or disorder", () => {
    okBody("Halo {{1}}, pesanan {{2}} dikirim via {{3}}.", ["Ayu", "A-1", "JNE"]);
    for (const bad of [
      "Halo {{2}}, pesanan {{1}}.", // disorder
      "Halo {{1}}, pesanan {{3}}.", // gap
      "Halo {{1}}, lagi {{1}}.", // repeat
      "Halo {{0}}.", // not from 1
      "Halo {{name}}.", // not a number
      "Halo {{ 1 }}.", // malformed
    ]) {
      failsBody(bad, "variables_not_sequential", ["x", "y", "z"]);
    }
  });

  it("sample_missing: a sample for every variable and for media", () => {
    okBody("Halo {{1}}, pesanan {{2}}.", ["Ayu", "A-1001"]);
    failsBody("Halo {{1}}, pesanan {{2}}.", "sample_missing", ["Ayu"]);
    failsBody("Halo {{1}}, pesanan {{2}}.", "sample_missing", ["Ayu", "  "]);
    failsBody("Halo {{1}}.", "sample_missing");
    const image = (handle?: string): TemplateComponent => ({
      type: "HEADER",
      format: "IMAGE",
      ...(handle ? { example: { header_handle: [handle] } } : {}),
    });
    expect(codes(draft([image("m1"), body("Promo")]))).toEqual([]);
    expect(codes(draft([image(), body("Promo")]))).toEqual(["sample_missing"]);
    // The caller knows the samples: an unknown handle, or a sample of another kind, is missing.
    const samples = { m1: { contentType: "video/mp4", size: 1000 } };
    expect(codes(draft([image("nope"), body("Promo")]), { samples })).toEqual(["sample_missing"]);
    expect(codes(draft([image("__proto__"), body("Promo")]), { samples })).toEqual(["sample_missing"]);
    expect(codes(draft([image("m1"), body("Promo")]), { samples })).toEqual(["sample_missing"]);
    // A text header's variable and a URL button's suffix need samples too.
    const textHeader: TemplateComponent = { type: "HEADER", format: "TEXT", text: "Promo {{1}}" };
    expect(codes(draft([textHeader, body("Promo")]))).toEqual(["sample_missing"]);
    expect(
      codes(draft([{ ...textHeader, example: { header_text: ["Lebaran"] } } as TemplateComponent, body("Promo")])),
    ).toEqual([]);
    const url = (example?: string[]): TemplateComponent => ({
      type: "BUTTONS",
      buttons: [{ type: "URL", text: "Lacak", url: "https://toko.example.com/{{1}}", ...(example ? { example } : {}) }],
    });
    expect(codes(draft([body("Promo"), url()]))).toEqual(["sample_missing"]);
    expect(codes(draft([body("Promo"), url(["https://toko.example.com/track/A-1"])]))).toEqual([]);
  });

  it("sample_too_large: video <= 10 MB, image <= 6 MB", () => {
    const header = (format: "IMAGE" | "VIDEO"): TemplateComponent => ({
      type: "HEADER",
      format,
      example: { header_handle: ["s"] },
    });
    const check = (format: "IMAGE" | "VIDEO", contentType: string, size: number) =>
      codes(draft([header(format), body("Promo")]), { samples: { s: { contentType, size } } });
    expect(check("IMAGE", "image/jpeg", 6 * MB)).toEqual([]);
    expect(check("IMAGE", "image/png", 6 * MB + 1)).toEqual(["sample_too_large"]);
    expect(check("VIDEO", "video/mp4", 10 * MB)).toEqual([]);
    expect(check("VIDEO", "video/mp4", 10 * MB + 1)).toEqual(["sample_too_large"]);
  });

  it("shortened_link: no bit.ly, linktr.ee and the like, anywhere the customer reads", () => {
    okBody("Lihat katalog di https://www.tokoku.co.id/katalog");
    failsBody("Lihat katalog di bit.ly/katalog", "shortened_link");
    failsBody("Semua link: https://linktr.ee/tokoku", "shortened_link");
    failsBody("Klik (https://www.tinyurl.com/abc).", "shortened_link");
    failsBody("Promo s.id/lebaran", "shortened_link");
    const footer: TemplateComponent = { type: "FOOTER", text: "Info: bit.ly/x" };
    expect(codes(draft([body("Promo"), footer]))).toEqual(["shortened_link"]);
    expect(shortenedLinksIn("kelas.id as.id bitly.company.com")).toEqual([]);
  });

  // rule T2: a shortener glued to the word before it is still a shortened link.
  it("shortened_link: found whatever is glued before it (info:bit.ly/x, (s.id/x), >>linktr.ee)", () => {
    expect(shortenedLinksIn("info:bit.ly/x")).toEqual(["bit.ly"]);
    expect(shortenedLinksIn("cek(s.id/promo) atau >>linktr.ee/toko")).toEqual(["s.id", "linktr.ee"]);
    expect(shortenedLinksIn("Link:WWW.Bit.Ly/Abc")).toEqual(["bit.ly"]);
    failsBody("Detail info:bit.ly/x sekarang.", "shortened_link");
    expect(shortenedLinksIn("rabbit.ly tokoku.co.id/s.identity")).toEqual([]);
  });

  // rule T2: Meta's length limits are rules, answered with every other failed rule.
  it("header_too_long, footer_too_long, button_text_too_long: 60, 60 and 25 characters", () => {
    const header = (text: string): TemplateComponent => ({ type: "HEADER", format: "TEXT", text });
    const footer = (text: string): TemplateComponent => ({ type: "FOOTER", text });
    const button = (text: string): TemplateComponent => ({ type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text }] });
    expect(
      codes(draft([header("h".repeat(60)), body("Promo"), footer("f".repeat(60)), button("b".repeat(25))])),
    ).toEqual([]);
    expect(
      codes(draft([header("h".repeat(61)), body("Promo"), footer("f".repeat(61)), button("b".repeat(26))])),
    ).toEqual(["header_too_long", "footer_too_long", "button_text_too_long"]);
  });

  it("too_many_emoji: at most 5, a flag or a family counting once", () => {
    okBody("Promo 🎉🎉 👨‍👩‍👧 🇮🇩 👍🏽");
    failsBody("Promo 🎉🎉🎉 👨‍👩‍👧 🇮🇩 👍🏽", "too_many_emoji");
    const footer: TemplateComponent = { type: "FOOTER", text: "🙏🙏" };
    expect(codes(draft([body("Promo 🎉🎉🎉🎉"), footer]))).toEqual(["too_many_emoji"]);
    expect(emojiCount("Merek® Produk™ ©2024")).toBe(0);
  });

  it("cta_phone_format: Indonesian national form starting with 8", () => {
    const phone = (n: string): TemplateComponent => ({
      type: "BUTTONS",
      buttons: [{ type: "PHONE_NUMBER", text: "Telepon", phone_number: n }],
    });
    expect(codes(draft([body("Hubungi kami"), phone("81234567890")]))).toEqual([]);
    for (const bad of ["081234567890", "+6281234567890", "6281234567890", "8123-4567-890", "2150001234", "812"]) {
      expect(codes(draft([body("Hubungi kami"), phone(bad)]))).toEqual(["cta_phone_format"]);
    }
  });

  it("cta_url_format: a full http(s) link, a static path allowed (issue 17), the variable only at the end", () => {
    const url = (u: string): TemplateComponent => ({
      type: "BUTTONS",
      buttons: [{ type: "URL", text: "Buka", url: u, example: ["https://qontak.com/broadcast"] }],
    });
    const good = [
      "https://qontak.com",
      "https://qontak.com/",
      "https://qontak.com/{{1}}",
      "http://a.co.id/",
      "https://shop.example/promo",
      "https://shop.example/promo/{{1}}",
      "https://shop.example/p?code={{1}}",
    ];
    for (const ok of good) {
      expect(codes(draft([body("Promo"), url(ok)])), ok).toEqual([]);
    }
    const bad = [
      "qontak.com",
      "https://qontak.com/{{2}}",
      "ftp://qontak.com",
      "https://qontak.com/{{1}}/more",
      "https://qontak.com{{1}}",
      "https://qontak.com/promo code",
      `https://qontak.com/${"a".repeat(2000)}`,
    ];
    for (const wrong of bad) {
      expect(codes(draft([body("Promo"), url(wrong)])), wrong).toEqual(["cta_url_format"]);
    }
  });

  it("too_many_buttons: at most 10 (and at most 2 URL, 1 phone)", () => {
    const replies = (n: number): TemplateComponent => ({
      type: "BUTTONS",
      buttons: Array.from({ length: n }, (_, i) => ({ type: "QUICK_REPLY" as const, text: `Pilihan ${i}` })),
    });
    expect(codes(draft([body("Pilih"), replies(10)]))).toEqual([]);
    expect(codes(draft([body("Pilih"), replies(11)]))).toEqual(["too_many_buttons"]);
    const urls: TemplateComponent = {
      type: "BUTTONS",
      buttons: ["a", "b", "c"].map((x) => ({ type: "URL" as const, text: x, url: `https://${x}.example.com/` })),
    };
    expect(codes(draft([body("Pilih"), urls]))).toEqual(["too_many_buttons"]);
  });
});

describe("every failed rule at once", () => {
  it("answers one entry per failed rule with its path, covering every rule code across three calls", () => {
    const everything: TemplateDraft = {
      name: "Bad Name",
      category: "MARKETING",
      language: "id",
      components: [
        { type: "HEADER", format: "VIDEO", example: { header_handle: ["big"] } },
        body(` Halo  {{2}} bit.ly/x 😀😀😀😀😀😀\n\n\n${"x".repeat(1024)}`),
        {
          type: "BUTTONS",
          buttons: [
            { type: "PHONE_NUMBER", text: "Call", phone_number: "0812" },
            { type: "URL", text: "Go", url: "x.com/path" },
            ...Array.from({ length: 9 }, (_, i) => ({ type: "QUICK_REPLY" as const, text: `q${i}` })),
          ],
        },
      ],
    };
    const errors = validateTemplate(everything, { samples: { big: { contentType: "video/mp4", size: 11 * MB } } });
    const elsewhere = [
      "name_taken",
      "name_recently_deleted",
      "header_too_long",
      "footer_too_long",
      "button_text_too_long",
    ];
    expect(errors.map((e) => e.code).sort()).toEqual(TEMPLATE_RULE_CODES.filter((c) => !elsewhere.includes(c)).sort());
    expect(errors.find((e) => e.code === "body_too_long")?.path).toBe("components.1.text");
    expect(errors.find((e) => e.code === "cta_phone_format")?.path).toBe("components.2.buttons.0.phone_number");
    expect(errors.find((e) => e.code === "sample_too_large")?.path).toBe("components.0.example.header_handle");
    for (const e of errors) expect(e.message.length).toBeGreaterThan(10);
    const more = validateTemplate(draft([body("Halo")], "taken"), { takenNames: ["taken"] }).map((e) => e.code);
    expect(more).toEqual(["name_taken"]);
    // T3: a name deleted at Meta less than 30 days ago.
    const held = validateTemplate(draft([body("Halo")], "held"), { heldNames: ["held"] }).map((e) => e.code);
    expect(held).toEqual(["name_recently_deleted"]);
    const lengths = validateTemplate(
      draft([
        { type: "HEADER", format: "TEXT", text: "h".repeat(61) },
        body("Halo"),
        { type: "FOOTER", text: "f".repeat(61) },
        { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "b".repeat(26) }] },
      ]),
    ).map((e) => e.code);
    expect(lengths).toEqual(["header_too_long", "footer_too_long", "button_text_too_long"]);
  });

  it("a clean template with every kind of component passes", () => {
    const clean: TemplateDraft = {
      name: "lebaran_promo",
      category: "MARKETING",
      language: "id",
      components: [
        { type: "HEADER", format: "IMAGE", example: { header_handle: ["img"] } },
        body("Halo *{{1}}*, promo _Lebaran_ ~50%~ untuk {{2}}! 🎉\n\nBerlaku sampai {{3}}.", ["Ayu", "kamu", "Jumat"]),
        { type: "FOOTER", text: "Balas STOP untuk berhenti" },
        {
          type: "BUTTONS",
          buttons: [
            { type: "QUICK_REPLY", text: "Mau" },
            { type: "PHONE_NUMBER", text: "Telepon", phone_number: "81234567890" },
            { type: "URL", text: "Belanja", url: "https://tokoku.co.id/{{1}}", example: ["https://tokoku.co.id/p/1"] },
          ],
        },
      ],
    };
    expect(validateTemplate(clean, { samples: { img: { contentType: "image/jpeg", size: 2 * MB } } })).toEqual([]);
  });
});

describe("previewSegments: WhatsApp formatting for the live preview", () => {
  it("renders bold, italic and strikethrough, hiding the marks, and highlights variables", () => {
    const segments = previewSegments("Halo *{{1}}*, _promo_ ~lama~ *baru banget*", ["Ayu"]);
    expect(segments).toEqual([
      { text: "Halo ", bold: false, italic: false, strike: false, variable: null },
      { text: "Ayu", bold: true, italic: false, strike: false, variable: 1 },
      { text: ", ", bold: false, italic: false, strike: false, variable: null },
      { text: "promo", bold: false, italic: true, strike: false, variable: null },
      { text: " ", bold: false, italic: false, strike: false, variable: null },
      { text: "lama", bold: false, italic: false, strike: true, variable: null },
      { text: " ", bold: false, italic: false, strike: false, variable: null },
      { text: "baru banget", bold: true, italic: false, strike: false, variable: null },
    ]);
  });

  it("leaves marks that do not hug words, and variables without a value, as typed", () => {
    expect(previewSegments("2 * 3 * 4 = 24, a_b_c, {{2}}").map((s) => s.text)).toEqual([
      "2 * 3 * 4 = 24, a_b_c, ",
      "{{2}}",
    ]);
  });
});
