/**
 * Issue 16, email (rules G3, G4, G6, I1, I2): a channel per mailbox with its own inbound address;
 * mail through the Worker's email() handler (postal-mime), threaded by Message-ID / In-Reply-To /
 * References into one room; the same Message-ID applied once; an unknown recipient refused with
 * setReject and nothing stored; replies through the send_email binding (the sandbox's recording
 * fake) with "Re: <subject>", In-Reply-To and References; send errors mapped to the failed state.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { replySubject, sendErrorOf } from "../../worker/channels/email/adapter";
import { MAX_MAIL_ATTACHMENTS, readMail, withoutQuotedHistory } from "../../worker/channels/email/mail";
import worker from "../../worker/index";
import { sandboxEmailSender } from "../../worker/sandbox/email-fake";
import { forwardableMessage, rawMail } from "../../worker/sandbox/email-raw";
import { call, expectProblem, json, seed, seedOtherTenant, signIn } from "./helpers";
import { type MessageJson, messagesOf, reply, roomOfContact, roomsOf } from "./rooms-helpers";

let admin: string;
let agent: string;
let channel: { id: string; kind: string; address: string; inboundAddress: string };
const SUPPORT = "support@shop.example";

beforeAll(async () => {
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
  const res = await call("/api/channels", {
    cookie: admin,
    body: { kind: "email", name: "Support mail", address: "Support@Shop.example" },
  });
  expect(res.status).toBe(201);
  channel = await json(res);
});

const encoder = new TextEncoder();
const buffer = (raw: string) => encoder.encode(raw).buffer as ArrayBuffer;

interface Mail {
  from: string;
  fromName?: string;
  subject: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachment?: { filename: string; type: string; base64: string };
  to?: string;
  raw?: string;
}
/** A customer writes to the channel's inbound address, through the sandbox's email customer. */
const customerMails = async (mail: Mail) =>
  json<{ outcome: string; rejectReason: string | null; messageId: string }>(
    await call("/sandbox/api/channels/email/mail", { body: { to: channel.inboundAddress, ...mail } }),
  );
const sentTo = async (to: string) =>
  (
    await json<{
      sent: { subject: string; text: string; headers: Record<string, string>; messageId: string; from: string }[];
    }>(await call(`/sandbox/api/channels/email/sent?from=${SUPPORT}&to=${encodeURIComponent(to)}`))
  ).sent;

async function waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`${what} never happened`);
}
/** The room's outbox records provider ids in D1 after answering; threading by References reads them. */
const recorded = (providerMessageId: string) =>
  waitFor(async () => {
    const row = await env.DB.prepare("SELECT room_id FROM provider_messages WHERE provider_message_id = ?")
      .bind(providerMessageId)
      .first<{ room_id: string }>();
    return row?.room_id ?? undefined;
  }, `${providerMessageId} recorded`);
let n = 0;
const customer = () => `customer${++n}.${Date.now()}@mail.example`;

describe("Email: connecting a mailbox (G3)", () => {
  it("gives the channel its own inbound address on the platform's domain, shown to the admin", async () => {
    expect(channel).toMatchObject({ kind: "email", address: SUPPORT });
    expect(channel.inboundAddress).toMatch(/^[0-9a-f]{20}@inbound\.edge-inbox\.local$/);
    const listed = await json<{ channels: { id: string; inboundAddress?: string }[] }>(
      await call("/api/channels", { cookie: admin }),
    );
    expect(listed.channels.find((c) => c.id === channel.id)?.inboundAddress).toBe(channel.inboundAddress);
    // Mail comes by Email Routing: the kind has no webhook URL, and /webhooks/email is no route.
    expect((channel as unknown as { webhookUrl: string | null }).webhookUrl).toBeNull();
    await expectProblem(await call("/webhooks/email", { body: {} }), 404, "not_found");
    await expectProblem(
      await call("/api/channels", { cookie: admin, body: { kind: "email", name: "Bad", address: "not-an-address" } }),
      400,
      "validation_failed",
    );
  });

  it("keeps a support address to one channel, in any organization: mail to it must reach one room", async () => {
    const taken = { kind: "email", name: "Copy", address: "SUPPORT@shop.example" };
    await expectProblem(await call("/api/channels", { cookie: admin, body: taken }), 409, "address_taken");
    await seedOtherTenant();
    const other = await signIn("boss@other.test");
    await expectProblem(await call("/api/channels", { cookie: other, body: taken }), 409, "address_taken");
    const second = await json<{ id: string }>(
      await call("/api/channels", { cookie: admin, body: { ...taken, address: "sales@shop.example" } }),
    );
    await expectProblem(
      await call(`/api/channels/${second.id}`, { method: "PATCH", cookie: admin, body: { address: SUPPORT } }),
      409,
      "address_taken",
    );
    // Saving a channel under its own address is no conflict.
    const same = await call(`/api/channels/${channel.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { address: SUPPORT },
    });
    expect(same.status).toBe(200);
    expect((await call(`/api/channels/${second.id}`, { method: "DELETE", cookie: admin })).status).toBeLessThan(300);
  });
});

describe("Email: reading mail with postal-mime (G3)", () => {
  it("reads a plain mail: sender, subject, ids, and the reply without its quoted history", async () => {
    const raw = [
      'From: "Rina Sari" <Rina@Mail.example>',
      "To: support@shop.example",
      "Subject: Re: Order #12",
      "Message-ID: <m3@mail.example>",
      "In-Reply-To: <m2@shop.example>",
      "References: <m1@mail.example> <m2@shop.example>",
      "Date: Fri, 04 Dec 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Thanks, it arrived.",
      "",
      "On Thu, 3 Dec 2026 at 09:00, Support <support@shop.example> wrote:",
      "> Your order ships today.",
      "",
    ].join("\r\n");
    const mail = await readMail(buffer(raw));
    expect(mail).toMatchObject({
      messageId: "m3@mail.example",
      inReplyTo: "m2@shop.example",
      references: ["m1@mail.example", "m2@shop.example"],
      from: { address: "rina@mail.example", name: "Rina Sari" },
      subject: "Re: Order #12",
      text: "Thanks, it arrived.",
      sentAt: Date.parse("2026-12-04T10:00:00Z"),
    });
    expect(mail.fullText).toContain("> Your order ships today.");
  });

  it("reads an HTML-only mail as text, and non-ASCII subjects in base64 and quoted-printable words", async () => {
    const html = await readMail(
      buffer(
        [
          "From: a@mail.example",
          "Subject: =?UTF-8?B?UGVzYW5hbiBzdWRhaCBzYW1wYWkg4pyF?=",
          "Message-ID: <h1@mail.example>",
          "Content-Type: text/html; charset=utf-8",
          "",
          "<html><body><p>Halo <b>kak</b>,</p><p>sudah sampai &amp; bagus</p></body></html>",
        ].join("\r\n"),
      ),
    );
    expect(html.subject).toBe("Pesanan sudah sampai ✅");
    expect(html.text).toBe("Halo kak,\nsudah sampai & bagus");
    const qp = await readMail(
      buffer(
        [
          "From: =?UTF-8?Q?Jos=C3=A9_=C3=91?= <jose@mail.example>",
          "Subject: =?UTF-8?Q?Caf=C3=A9_pesanan_=E2=80=94_ok?=",
          "Message-ID: <q1@mail.example>",
          "Content-Type: text/plain; charset=utf-8",
          "Content-Transfer-Encoding: quoted-printable",
          "",
          "Terima kasih =F0=9F=99=8F sudah dikirim",
        ].join("\r\n"),
      ),
    );
    expect(qp).toMatchObject({
      subject: "Café pesanan — ok",
      from: { name: "José Ñ" },
      text: "Terima kasih 🙏 sudah dikirim",
    });
  });

  it("reads a multipart mail with an attachment, base64 body and subject", async () => {
    const { raw } = rawMail({
      from: "b@mail.example",
      to: "x@y.example",
      subject: "Faktur 📎",
      text: "Lihat lampiran ya",
      attachment: { filename: "invoice.pdf", type: "application/pdf", base64: btoa("%PDF-1.4 fake") },
    });
    const mail = await readMail(buffer(raw));
    expect(mail).toMatchObject({ subject: "Faktur 📎", text: "Lihat lampiran ya" });
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: "invoice.pdf", mimeType: "application/pdf" });
    expect(new TextDecoder().decode(mail.attachments[0]?.bytes)).toBe("%PDF-1.4 fake");
  });

  it("keeps at most 20 attachments of a mail and says in its text how many more there were", async () => {
    const files = Array.from(
      { length: MAX_MAIL_ATTACHMENTS + 5 },
      (_, i) =>
        `--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="f${i}.txt"\r\n\r\nfile ${i}\r\n`,
    ).join("");
    const raw = [
      "From: b@mail.example",
      "To: x@y.example",
      "Subject: Many",
      "Message-ID: <many@mail.example>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b"',
      "",
      `--b\r\nContent-Type: text/plain\r\n\r\nHere they are\r\n${files}--b--`,
      "",
    ].join("\r\n");
    const mail = await readMail(buffer(raw));
    expect(mail.attachments).toHaveLength(MAX_MAIL_ATTACHMENTS);
    expect(mail.attachments.at(-1)?.filename).toBe(`f${MAX_MAIL_ATTACHMENTS - 1}.txt`);
    expect(mail.text).toBe(
      `Here they are\n\n[5 more attachments were not kept: at most ${MAX_MAIL_ATTACHMENTS} a mail.]`,
    );
  });

  it("gives a mail without a Message-ID the same id every time it is delivered (G6)", async () => {
    const raw = "From: c@mail.example\r\nSubject: no id\r\n\r\nhello\r\n";
    const [a, b] = await Promise.all([readMail(buffer(raw)), readMail(buffer(raw))]);
    expect(a.messageId).toMatch(/^sha256-[0-9a-f]{64}@edge-inbox$/);
    expect(b.messageId).toBe(a.messageId);
  });

  it("marks an out-of-office or list mail automatic, and the away reply does not answer it (RFC 3834)", async () => {
    const mailWith = (header: string | null) =>
      readMail(
        buffer(
          [
            "From: rina@mail.example",
            "To: support@shop.example",
            "Subject: Out of office",
            ...(header ? [header] : []),
            "Content-Type: text/plain; charset=utf-8",
            "",
            "I am away until Monday.",
            "",
          ].join("\r\n"),
        ),
      );
    for (const header of ["Auto-Submitted: auto-replied", "Precedence: bulk", "X-Autoreply: yes"]) {
      expect((await mailWith(header)).automatic, header).toBe(true);
    }
    expect((await mailWith("Auto-Submitted: no")).automatic).toBe(false);
    expect((await mailWith(null)).automatic).toBe(false);
    const { awayReply } = await import("../../worker/events/listeners/away-reply");
    const event = (automatic: boolean) =>
      ({
        type: "message.created",
        message: {
          direction: "in",
          kind: "text",
          details: { email: { subject: "", from: "", fullText: null, automatic } },
        },
      }) as unknown as Parameters<typeof awayReply.wants>[0];
    expect(awayReply.wants(event(false))).toBe(true);
    expect(awayReply.wants(event(true))).toBe(false);
  });

  it("takes off simple quoted history and keeps everything else", () => {
    expect(withoutQuotedHistory("Yes please\n\n> earlier\n> more")).toBe("Yes please");
    expect(withoutQuotedHistory("Ya\n\nPada Kam, 3 Des 2026 pukul 09.00 Toko <s@t.example> menulis:\n> x")).toBe("Ya");
    expect(withoutQuotedHistory("Ok\n\nFrom: Support <s@t.example>\nSent: Thursday\nTo: me\nSubject: x\n\nold")).toBe(
      "Ok",
    );
    // A quote in the middle, answered below, is kept: nothing simple matches.
    expect(withoutQuotedHistory("> you asked\nmy answer")).toBe("> you asked\nmy answer");
    expect(withoutQuotedHistory("From: my office I write")).toBe("From: my office I write");
  });
});

describe("Email: mail into rooms (G3, G6, I1)", () => {
  it("threads three mails into one room, the third from another address naming the thread in References", async () => {
    const rina = customer();
    const first = await customerMails({ from: rina, fromName: "Rina", subject: "Order #12", text: "Where is it?" });
    expect(first.outcome).toBe("stored");
    const roomId = await recorded(first.messageId);
    const second = await customerMails({
      from: rina,
      subject: "Re: Order #12",
      text: "Any news?\n\nOn Fri, Rina wrote:\n> Where is it?",
      inReplyTo: first.messageId,
      references: [first.messageId],
    });
    await recorded(second.messageId);
    const colleague = customer();
    const third = await customerMails({
      from: colleague,
      subject: "Re: Order #12",
      text: "I am Rina's colleague: it is urgent.",
      inReplyTo: second.messageId,
      references: [first.messageId, second.messageId],
    });
    expect(third.outcome).toBe("stored");
    const room = await roomOfContact(admin, rina);
    expect(room.id).toBe(roomId);
    expect(room).toMatchObject({ contactName: "Rina", windowExpiresAt: null });
    const messages = await messagesOf(agent, room.id);
    expect(messages.map((m) => m.text)).toEqual(["Where is it?", "Any news?", "I am Rina's colleague: it is urgent."]);
    const details = (m: MessageJson | undefined) => (m as unknown as { details: { email: object } }).details.email;
    expect(details(messages[0])).toEqual({ subject: "Order #12", from: rina, fullText: null });
    expect(details(messages[2])).toMatchObject({ from: colleague });
    expect((await roomsOf(admin)).some((r) => r.contactExternalId === colleague)).toBe(false);
  });

  it("puts a new subject from the same sender into the sender's open room (rooms are per contact, I1)", async () => {
    const budi = customer();
    await customerMails({ from: budi, subject: "Order #1", text: "first" });
    await customerMails({ from: budi, subject: "Another question", text: "second" });
    const rooms = (await roomsOf(admin)).filter((r) => r.contactExternalId === budi);
    expect(rooms).toHaveLength(1);
    expect((await messagesOf(agent, rooms[0]?.id ?? "")).map((m) => m.text)).toEqual(["first", "second"]);
  });

  it("applies the same mail delivered twice once (G6)", async () => {
    const sari = customer();
    const mail = {
      from: sari,
      subject: "Twice",
      text: "only once please",
      messageId: `dup-${Date.now()}@mail.example`,
    };
    expect((await customerMails(mail)).outcome).toBe("stored");
    expect((await customerMails(mail)).outcome).toBe("stored");
    const room = await roomOfContact(admin, sari);
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual(["only once please"]);
  });

  it("refuses mail to an unknown address with setReject and stores nothing", async () => {
    const stranger = customer();
    const { message, rejected } = forwardableMessage(
      rawMail({ from: stranger, to: "nobody@inbound.edge-inbox.local", subject: "hi", text: "hello" }).raw,
      stranger,
      "nobody@inbound.edge-inbox.local",
    );
    await worker.email(message, env);
    expect(rejected()).toMatch(/^550/);
    const contacts = await env.DB.prepare("SELECT count(*) AS n FROM contacts WHERE external_id = ?")
      .bind(stranger)
      .first<{ n: number }>();
    expect(contacts?.n).toBe(0);
  });

  it("takes mail through the Worker's exported email() handler, and to the support address routed straight here", async () => {
    const dewi = customer();
    const { message, rejected } = forwardableMessage(
      rawMail({ from: dewi, to: SUPPORT, subject: "Direct", text: "routed to the worker" }).raw,
      dewi,
      SUPPORT,
    );
    await worker.email(message, env);
    expect(rejected()).toBeNull();
    const room = await roomOfContact(admin, dewi);
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual(["routed to the worker"]);
  });

  it("stores an attachment in R2 as its own message", async () => {
    const eka = customer();
    await customerMails({
      from: eka,
      subject: "Invoice",
      text: "see attached",
      attachment: { filename: "invoice.pdf", type: "application/pdf", base64: btoa("%PDF-1.4 bytes") },
    });
    const room = await roomOfContact(admin, eka);
    const messages = await waitFor(async () => {
      const all = await messagesOf(agent, room.id);
      return all.length === 2 && all[1]?.media?.url ? all : undefined;
    }, "the attachment stored");
    expect(messages.map((m) => m.kind)).toEqual(["text", "document"]);
    const file = await call(messages[1]?.media?.url ?? "", { cookie: agent });
    expect(await file.text()).toBe("%PDF-1.4 bytes");
  });

  it("stages no file again when a mail with an attachment is delivered again after it was kept (G6)", async () => {
    const wulan = customer();
    const mail = {
      from: wulan,
      subject: "Receipt",
      text: "attached again",
      messageId: `dup-file-${Date.now()}@mail.example`,
      attachment: { filename: "receipt.pdf", type: "application/pdf", base64: btoa("%PDF-1.4 receipt") },
    };
    const staged = async () => (await env.MEDIA.list({ prefix: `email-inbound/${channel.id}/` })).objects.length;
    await customerMails(mail);
    const room = await roomOfContact(admin, wulan);
    await waitFor(async () => {
      const all = await messagesOf(agent, room.id);
      return all[1]?.media?.url && (await staged()) === 0 ? all : undefined;
    }, "the attachment kept and its staged file gone");
    expect((await customerMails(mail)).outcome).toBe("stored");
    expect(await staged()).toBe(0);
    const messages = await messagesOf(agent, room.id);
    expect(messages.map((m) => m.kind)).toEqual(["text", "document"]);
  });
});

describe("Email: replies through send_email (G3, I2)", () => {
  it("answers the customer's latest mail: Re: its subject, In-Reply-To and References, from the support address", async () => {
    const tono = customer();
    const first = await customerMails({ from: tono, subject: "Refund", text: "I want a refund" });
    const second = await customerMails({
      from: tono,
      subject: "Re: Refund",
      text: "Hello?",
      inReplyTo: first.messageId,
      references: [first.messageId],
    });
    const room = await roomOfContact(admin, tono);
    const res = await reply(agent, room.id, "Your refund is on its way. 💸");
    expect(res.status).toBe(201);
    const sent = await json<{ status: string; providerMessageId: string }>(res);
    expect(sent.status).toBe("sent");
    const [mail] = await sentTo(tono);
    expect(mail).toMatchObject({
      from: SUPPORT,
      subject: "Re: Refund",
      text: "Your refund is on its way. 💸",
      headers: {
        "In-Reply-To": `<${second.messageId}>`,
        References: `<${first.messageId}> <${second.messageId}>`,
      },
    });
    expect(`<${sent.providerMessageId}>`).toBe(mail?.messageId);
    // The customer's answer to our reply (References: our message) is threaded by the id we stored.
    await recorded(sent.providerMessageId);
    const colleague = customer();
    await customerMails({
      from: colleague,
      subject: "Re: Refund",
      text: "received, thanks",
      inReplyTo: sent.providerMessageId,
      references: [first.messageId, second.messageId, sent.providerMessageId],
    });
    expect((await messagesOf(agent, room.id)).at(-1)?.text).toBe("received, thanks");
  });

  it("maps send errors to the message's failed state with a reason", async () => {
    const wati = customer();
    await customerMails({ from: wati, subject: "Hi", text: "hello" });
    const room = await roomOfContact(admin, wati);
    const fail = (message: string) =>
      call("/sandbox/api/channels/email/failures", { body: { from: SUPPORT, message } });
    await fail("E_DAILY_QUOTA_EXCEEDED: daily sending quota reached");
    const quota = await json<{ status: string; error: { code: string } }>(await reply(agent, room.id, "one"));
    expect(quota).toMatchObject({ status: "failed", error: { code: "rate_limited" } });
    await fail("E_SENDER_NOT_VERIFIED: sender domain is not verified");
    const sender = await json<{ status: string; error: { code: string } }>(await reply(agent, room.id, "two"));
    expect(sender).toMatchObject({ status: "failed", error: { code: "sender_not_allowed" } });
    expect((await json<{ status: string }>(await reply(agent, room.id, "three"))).status).toBe("sent");
    expect((await sentTo(wati)).map((m) => m.text)).toEqual(["three"]);
  });

  it("keeps to Cloudflare's header allowlist; subjects get one Re:", async () => {
    const send = sandboxEmailSender(env);
    const base = { from: SUPPORT, to: "x@mail.example", subject: "s", text: "t" };
    await expect(send({ ...base, headers: { "Message-ID": "<a@b>" } })).rejects.toThrow(/E_HEADER_NOT_ALLOWED/);
    await expect(send({ ...base, headers: { Subject: "x" } })).rejects.toThrow(/E_HEADER_USE_API_FIELD/);
    expect(sendErrorOf(new Error("E_HEADER_NOT_ALLOWED: Date")).code).toBe("invalid_request");
    expect(replySubject("Order #12")).toBe("Re: Order #12");
    expect(replySubject("RE: Order #12")).toBe("RE: Order #12");
    expect(replySubject("")).toBe("Re: your message");
  });

  it("keeps the rooms across disconnect and reconnect (G4)", async () => {
    const patch = (body: object) => call(`/api/channels/${channel.id}`, { method: "PATCH", cookie: admin, body });
    const yani = customer();
    await customerMails({ from: yani, subject: "Hi", text: "hello" });
    const room = await roomOfContact(admin, yani);
    expect((await patch({ connected: false })).status).toBe(200);
    const off = await json<{ status: string; error: { code: string } }>(await reply(agent, room.id, "off"));
    expect(off).toMatchObject({ status: "failed", error: { code: "channel_disconnected" } });
    const back = await json<{ inboundAddress: string }>(await patch({ connected: true }));
    expect(back.inboundAddress).toBe(channel.inboundAddress);
    expect((await roomOfContact(admin, yani)).id).toBe(room.id);
  });
});
