import { describe, expect, it } from "vitest";
import { WEBCHAT_POLICY, WHATSAPP_POLICY } from "../../worker/domain/channel-policy";
import { nextStatus } from "../../worker/domain/delivery";
import { checkTemplateSample, checkUpload, sniffContentType } from "../../worker/domain/media";
import { assign, checkBlock, checkFreeFormSend, isRefusal, previewOf, resolve, take } from "../../worker/domain/room";
import { checkTemplateForSend, variableCount } from "../../worker/domain/template-send";
import { extendWindow, isWindowOpen, WINDOW_MS, windowState } from "../../worker/domain/window";

const T = Date.UTC(2026, 10, 21, 10, 0, 0);
const agent = { userId: "a1", role: "agent" as const };
const other = { userId: "a2", role: "agent" as const };
const supervisor = { userId: "s1", role: "supervisor" as const };

describe("the 24-hour window (I2)", () => {
  it("is open at 23:59:59.999 and closed at exactly 24:00:00", () => {
    expect(isWindowOpen(T, T + WINDOW_MS - 1)).toBe(true);
    expect(isWindowOpen(T, T + WINDOW_MS - 1000)).toBe(true);
    expect(isWindowOpen(T, T + WINDOW_MS)).toBe(false);
    expect(windowState(T, T + 1000)).toEqual({ state: "open", expiresAt: T + WINDOW_MS, msLeft: WINDOW_MS - 1000 });
    expect(windowState(null, T)).toEqual({ state: "none" });
  });
  it("extends at every customer message and never moves backwards", () => {
    const received = T + 60_000;
    expect(extendWindow(null, T, received)).toBe(T);
    expect(extendWindow(T, T + 5, received)).toBe(T + 5);
    expect(extendWindow(T + 5, T, received)).toBe(T + 5);
  });
});

describe("free-form sends (I2, I3, I6)", () => {
  const open = { status: "unassigned" as const, assigneeId: null, lastCustomerMessageAt: T };
  it("are allowed inside the window and refused after it", () => {
    expect(checkFreeFormSend(open, false, agent, T + 1000)).toBeNull();
    expect(checkFreeFormSend(open, false, agent, T + WINDOW_MS)).toMatchObject({ code: "window_expired", status: 422 });
  });
  it("follow the channel kind's window: a kind without one is always open, a shorter one closes sooner (I2)", () => {
    const always = { ...WHATSAPP_POLICY, label: "Webchat", replyWindowMs: null };
    const hour = { ...WHATSAPP_POLICY, label: "Short", replyWindowMs: 3_600_000 };
    expect(checkFreeFormSend({ ...open, policy: always }, false, agent, T + 30 * WINDOW_MS)).toBeNull();
    expect(checkFreeFormSend({ ...open, policy: hour }, false, agent, T + 3_600_000 - 1)).toBeNull();
    expect(checkFreeFormSend({ ...open, policy: hour }, false, agent, T + 3_600_000)).toMatchObject({
      code: "window_expired",
    });
    expect(checkFreeFormSend({ ...open, policy: WHATSAPP_POLICY }, false, agent, T + WINDOW_MS - 1)).toBeNull();
  });
  it("are refused in a resolved room, to a blocked contact, and in another agent's room", () => {
    expect(checkFreeFormSend({ ...open, status: "resolved" }, false, agent, T)).toMatchObject({
      code: "room_resolved",
    });
    expect(checkFreeFormSend(open, true, agent, T)).toMatchObject({ code: "contact_blocked" });
    const theirs = { ...open, status: "assigned" as const, assigneeId: "a2" };
    expect(checkFreeFormSend(theirs, false, agent, T)).toMatchObject({ code: "room_assigned_elsewhere", status: 403 });
    expect(checkFreeFormSend(theirs, false, supervisor, T)).toBeNull();
  });
});

describe("room states (I1)", () => {
  const room = { status: "unassigned" as const, assigneeId: null, lastCustomerMessageAt: T };
  it("unassigned -> assigned -> resolved", () => {
    const taken = take(room, agent);
    expect(taken).toMatchObject({ status: "assigned", assigneeId: "a1" });
    if (isRefusal(taken)) throw new Error("refused");
    expect(isRefusal(take(taken, other))).toBe(true);
    expect(assign(taken, agent, "a2")).toMatchObject({ assigneeId: "a2" });
    expect(isRefusal(assign(taken, other, "a2"))).toBe(true);
    // Nobody "holds" an unassigned room: an agent (or an agent-role API key, userId null) cannot assign it.
    expect(isRefusal(assign(room, agent, "a2"))).toBe(true);
    expect(isRefusal(assign(room, { userId: null, role: "agent" }, "a2"))).toBe(true);
    expect(assign(room, supervisor, "a2")).toMatchObject({ assigneeId: "a2" });
    const done = resolve(taken, agent);
    expect(done).toMatchObject({ status: "resolved" });
    if (isRefusal(done)) throw new Error("refused");
    expect(resolve(done, supervisor)).toMatchObject({ code: "room_resolved" });
    expect(assign(done, supervisor, "a1")).toMatchObject({ code: "room_resolved" });
  });
  it("blocks only from an unresolved room (I6)", () => {
    expect(checkBlock(room)).toBeNull();
    expect(checkBlock({ ...room, status: "resolved" })).toMatchObject({ code: "block_needs_open_room" });
    expect(checkBlock(null)).toMatchObject({ code: "block_needs_open_room" });
  });
  it("previews messages for the inbox line", () => {
    expect(previewOf("text", "Halo")).toBe("Halo");
    expect(previewOf("image", null)).toBe("📷 Photo");
    expect(previewOf("image", "box")).toBe("📷 Photo: box");
    expect(previewOf("text", "x".repeat(200))).toHaveLength(140);
  });
});

describe("delivery statuses never move backwards (G6)", () => {
  it("orders pending < sent < delivered < read; failed is final", () => {
    expect(nextStatus("pending", "sent")).toBe("sent");
    expect(nextStatus("sent", "read")).toBe("read");
    expect(nextStatus("read", "delivered")).toBeNull();
    expect(nextStatus("delivered", "delivered")).toBeNull();
    expect(nextStatus("sent", "failed")).toBe("failed");
    expect(nextStatus("failed", "read")).toBeNull();
    expect(nextStatus("read", "failed")).toBeNull();
  });
});

describe("template sends (T3)", () => {
  const body = [{ type: "BODY", text: "Hi {{1}}, order {{2}}" }];
  it("need an APPROVED template and one value per variable", () => {
    expect(variableCount("Hi {{1}}, order {{2}}")).toBe(2);
    expect(checkTemplateForSend({ status: "APPROVED", components: body }, ["a", "b"])).toEqual({
      ok: true,
      bodyText: "Hi {{1}}, order {{2}}",
      // A body-only template needs nothing more than its two values (T3).
      needs: {
        bodyVariables: 2,
        headerText: null,
        headerVariables: 0,
        headerMedia: null,
        headerSampleId: null,
        urlButtonIndexes: [],
      },
    });
    expect(checkTemplateForSend({ status: "APPROVED", components: body }, ["a"])).toMatchObject({
      code: "template_variables_mismatch",
    });
    for (const status of ["PENDING", "REJECTED", "PAUSED", "DISABLED"]) {
      expect(checkTemplateForSend({ status, components: body }, ["a", "b"])).toMatchObject({
        code: "template_not_sendable",
      });
    }
  });
});

describe("media typing by bytes (I10)", () => {
  it("recognises files by their first bytes, not their names", () => {
    expect(sniffContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffContentType(new TextEncoder().encode("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffContentType(new TextEncoder().encode("\0\0\0\x18ftypmp42"))).toBe("video/mp4");
    expect(sniffContentType(new TextEncoder().encode("hello"))).toBeNull();
  });
  it("applies WhatsApp's size limits: image 5 MB, video 16 MB", () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
    expect(checkUpload(jpeg, 5 * 1024 * 1024)).toMatchObject({ ok: true, kind: "image" });
    expect(checkUpload(jpeg, 5 * 1024 * 1024 + 1)).toMatchObject({ ok: false, code: "media_too_large" });
    const mp4 = new TextEncoder().encode("\0\0\0\x18ftypmp42");
    expect(checkUpload(mp4, 16 * 1024 * 1024 + 1)).toMatchObject({ ok: false, code: "media_too_large" });
  });
});

// Real minimal headers: a ZIP local file header whose first entry is [Content_Types].xml (every
// .docx/.xlsx/.pptx starts so), an OLE compound file header (.doc/.xls/.ppt), an .m4a's ftyp box.
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
const OOXML_ZIP = bytes("PK\x03\x04", [20, 0, 6, 0, 8, 0], new Array(16).fill(0), [19, 0, 0, 0], "[Content_Types].xml");
const OLE = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Array(16).fill(0), [0x3e, 0, 3, 0, 0xfe, 0xff]);
const M4A = bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0], "M4A mp42isom", [0, 0, 0, 0]);
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const KB = 1024;

describe("Office documents, plain text and m4a audio (I10)", () => {
  it("types a ZIP as the OOXML document it is declared to be, by its type or its name", () => {
    expect(checkUpload(OOXML_ZIP, 20 * KB, WHATSAPP_POLICY, { type: DOCX, name: "quote.docx" })).toEqual({
      ok: true,
      contentType: DOCX,
      kind: "document",
    });
    const byName = checkUpload(OOXML_ZIP, 20 * KB, WHATSAPP_POLICY, { type: "application/zip", name: "Prices.XLSX" });
    expect(byName).toMatchObject({ ok: true, contentType: XLSX });
    const pptx = checkUpload(OOXML_ZIP, 20 * KB, WHATSAPP_POLICY, { name: "deck.pptx" });
    expect(pptx).toMatchObject({ ok: true, contentType: expect.stringContaining("presentationml") });
  });

  it("keeps a ZIP that is not declared an OOXML document a ZIP (email, Telegram, LINE and the widget carry it)", () => {
    for (const declared of [{}, { type: "application/zip", name: "photos.zip" }, { name: "letter.doc" }]) {
      expect(checkUpload(OOXML_ZIP, 20 * KB, WEBCHAT_POLICY, declared)).toMatchObject({
        ok: true,
        contentType: "application/zip",
        kind: "document",
      });
    }
  });

  it("types an OLE compound file as the .doc, .xls or .ppt it is declared to be, and nothing else", () => {
    expect(checkUpload(OLE, 20 * KB, WHATSAPP_POLICY, { type: "application/msword" })).toMatchObject({
      ok: true,
      contentType: "application/msword",
      kind: "document",
    });
    expect(checkUpload(OLE, 20 * KB, WHATSAPP_POLICY, { name: "sheet.xls" })).toMatchObject({
      contentType: "application/vnd.ms-excel",
    });
    expect(checkUpload(OLE, 20 * KB, WHATSAPP_POLICY, { name: "slides.ppt" })).toMatchObject({
      contentType: "application/vnd.ms-powerpoint",
    });
    for (const declared of [{}, { name: "setup.msi" }, { type: DOCX, name: "x.docx" }]) {
      expect(checkUpload(OLE, 20 * KB, WHATSAPP_POLICY, declared)).toMatchObject({ ok: false });
    }
  });

  it("accepts plain text declared so when it is UTF-8 with no NUL byte", () => {
    const text = new TextEncoder().encode("Halo, pesanan #123 sudah dikirim ✓\n");
    expect(checkUpload(text, text.length, WHATSAPP_POLICY, { type: "text/plain", name: "note.txt" })).toEqual({
      ok: true,
      contentType: "text/plain",
      kind: "document",
    });
    expect(checkUpload(text, text.length, WHATSAPP_POLICY, { name: "note.txt" })).toMatchObject({ ok: true });
    // A multi-byte character cut at the end of the head is still text.
    expect(checkUpload(text.subarray(0, text.length - 2), 9 * KB, WHATSAPP_POLICY, { name: "n.txt" })).toMatchObject({
      ok: true,
    });
    expect(checkUpload(text, text.length)).toMatchObject({ ok: false, code: "unsupported_media_type" });
    const binary = [Uint8Array.from([0x68, 0x69, 0x00, 0x21]), Uint8Array.from([0x68, 0xc3, 0x28, 0x21])];
    for (const head of binary) {
      expect(checkUpload(head, 4, WHATSAPP_POLICY, { type: "text/plain" })).toMatchObject({ ok: false });
    }
  });

  it("types an m4a (ftyp brand M4A or M4B) as audio, not video, and not a template sample", () => {
    expect(sniffContentType(M4A)).toBe("audio/mp4");
    const m4b = M4A.slice();
    m4b.set(bytes("M4B "), 8);
    expect(sniffContentType(m4b)).toBe("audio/mp4");
    expect(checkUpload(M4A, 2 * KB * KB)).toEqual({ ok: true, contentType: "audio/mp4", kind: "audio" });
    expect(checkTemplateSample(M4A, 2 * KB * KB)).toMatchObject({ ok: false, code: "unsupported_media_type" });
    expect(sniffContentType(bytes([0, 0, 0, 0x18], "ftyp3gp5"))).toBe("video/3gpp");
  });
});
