// Rule G1: X-Hub-Signature-256 checked on every POST, over the exact bytes Meta sent.
import { describe, expect, it } from "vitest";
import { signWhatsAppBody, verifyWhatsAppSignature } from "../../worker/channels/whatsapp/signature";
import { NON_ASCII_TEXT, textMessage } from "./whatsapp-fixtures";

const SECRET = "a1b2c3d4e5f6-app-secret";
const bytes = (text: string) => new TextEncoder().encode(text);
const buffer = (text: string): ArrayBuffer => bytes(text).slice().buffer;

/**
 * A body as it comes off the wire: Meta's text-message webhook, spaced unlike JSON.stringify, with
 * emoji, accents and a dash as raw UTF-8 (481 bytes for 474 UTF-16 units).
 */
const RAW =
  '{\n  "object": "whatsapp_business_account",\n  "entry": [{"id": "102290129340398", "changes": [{"value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"}, "contacts": [{"profile": {"name": "Siti Rahma"}, "wa_id": "6281234567890"}], "messages": [{"from": "6281234567890", "id": "wamid.TEXT01", "timestamp": "1749416383", "type": "text", "text": {"body": "Halo 👋 café — ñ"}}]}, "field": "messages"}]}]\n}';
/** HMAC-SHA256 of RAW's UTF-8 bytes with SECRET, computed independently (Python's hmac module). */
const RAW_SIGNATURE = "sha256=06f303888ff2592e446059545d15123c0b62712fc813a188da0f8d4ba2d5bf36";

describe("signWhatsAppBody", () => {
  it("matches a known HMAC-SHA256 test vector", async () => {
    expect(await signWhatsAppBody("The quick brown fox jumps over the lazy dog", "key")).toBe(
      "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    );
  });

  it("signs the UTF-8 bytes of a string, the same as an independent HMAC over the raw body", async () => {
    expect(bytes(RAW).byteLength).toBe(481);
    expect(JSON.parse(RAW)).toEqual(textMessage);
    expect(RAW).toContain(NON_ASCII_TEXT);
    expect(await signWhatsAppBody(RAW, SECRET)).toBe(RAW_SIGNATURE);
    expect(await signWhatsAppBody(buffer(RAW), SECRET)).toBe(RAW_SIGNATURE);
    expect(await signWhatsAppBody(bytes(RAW), SECRET)).toBe(RAW_SIGNATURE);
  });
});

describe("verifyWhatsAppSignature", () => {
  it("accepts the signature of the exact raw bytes, emoji and all", async () => {
    expect(await verifyWhatsAppSignature(buffer(RAW), RAW_SIGNATURE, SECRET)).toBe(true);
    expect(await verifyWhatsAppSignature(bytes(RAW), RAW_SIGNATURE, SECRET)).toBe(true);
  });

  it("accepts an upper-case hex digest and surrounding whitespace", async () => {
    const header = await signWhatsAppBody(RAW, SECRET);
    expect(await verifyWhatsAppSignature(buffer(RAW), ` sha256=${header.slice(7).toUpperCase()} `, SECRET)).toBe(true);
  });

  it("refuses a body with one byte changed", async () => {
    const header = await signWhatsAppBody(RAW, SECRET);
    const tampered = bytes(RAW).slice();
    const at = tampered.length - 10;
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    expect(await verifyWhatsAppSignature(tampered, header, SECRET)).toBe(false);
  });

  it("refuses a change inside a multi-byte character (é -> è)", async () => {
    const header = await signWhatsAppBody(RAW, SECRET);
    expect(await verifyWhatsAppSignature(buffer(RAW.replace("café", "cafè")), header, SECRET)).toBe(false);
  });

  it("refuses the same JSON re-serialised: the signature is over the bytes, not the value", async () => {
    const header = await signWhatsAppBody(RAW, SECRET);
    const reserialised = JSON.stringify(JSON.parse(RAW));
    expect(JSON.parse(reserialised)).toEqual(JSON.parse(RAW));
    expect(await verifyWhatsAppSignature(buffer(reserialised), header, SECRET)).toBe(false);
    // \u-escaped non-ASCII text decodes to the same value but is other bytes.
    const escaped = RAW.replace("é", "\\u00e9");
    expect(JSON.parse(escaped)).toEqual(JSON.parse(RAW));
    expect(await verifyWhatsAppSignature(buffer(escaped), header, SECRET)).toBe(false);
  });

  it("refuses a signature made with another app secret", async () => {
    const header = await signWhatsAppBody(RAW, "some-other-app-secret");
    expect(await verifyWhatsAppSignature(buffer(RAW), header, SECRET)).toBe(false);
  });

  it("refuses a missing header", async () => {
    expect(await verifyWhatsAppSignature(buffer(RAW), null, SECRET)).toBe(false);
    expect(await verifyWhatsAppSignature(buffer(RAW), undefined, SECRET)).toBe(false);
    expect(await verifyWhatsAppSignature(buffer(RAW), "", SECRET)).toBe(false);
  });

  it("refuses malformed headers", async () => {
    const good = await signWhatsAppBody(RAW, SECRET);
    const hex = good.slice("sha256=".length);
    for (const header of [
      hex, // no scheme
      `sha1=${hex}`,
      `sha256:${hex}`,
      "sha256=",
      `sha256=${hex.slice(0, 63)}`,
      `sha256=${hex}00`,
      `sha256=${hex.slice(0, 63)}g`,
      `sha256=${hex},sha256=${hex}`,
      `SHA256=${hex}`,
    ]) {
      expect(await verifyWhatsAppSignature(buffer(RAW), header, SECRET), header).toBe(false);
    }
  });

  it("refuses everything when the app secret is empty", async () => {
    expect(await verifyWhatsAppSignature(buffer(RAW), RAW_SIGNATURE, "")).toBe(false);
  });

  it("verifies an empty body", async () => {
    const header = await signWhatsAppBody("", SECRET);
    expect(await verifyWhatsAppSignature(new ArrayBuffer(0), header, SECRET)).toBe(true);
  });
});
