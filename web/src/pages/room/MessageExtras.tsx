import { useState } from "preact/hooks";
import { api, type Room } from "../../api";
import { Icon } from "../../components/Icon";
import { fullTime } from "../../format";
import { navigate } from "../../router";
import { applyRoom } from "../../state/inbox";
import type { ChatMessage } from "../../state/room";
import { TemplatePicker } from "./TemplatePicker";

/**
 * What a message carries beyond its kind (issue 12): the ad it came from, forwarded marks, a quoted
 * message of an earlier room, the button or list row tapped, a flow's answers, an order, shared
 * contact cards, a provider notice, and why a message cannot be shown.
 */
type Details = NonNullable<ChatMessage["details"]>;

/** Above the body: where the message came from and what it quotes. */
export function MessageOrigin({ message }: { message: ChatMessage }) {
  const d = message.details;
  if (!d) return null;
  const ad = d.referral;
  const adLabel = ad?.headline || ad?.body || ad?.sourceId || "an ad";
  const adLink = ad?.sourceUrl && /^https?:\/\//.test(ad.sourceUrl) ? ad.sourceUrl : null;
  return (
    <>
      {ad && (
        <p class="msg-origin" data-testid="referral">
          <Icon name="external" size={13} />
          Came from ad{" "}
          {adLink ? (
            <a href={adLink} target="_blank" rel="noopener noreferrer">
              {adLabel}
            </a>
          ) : (
            adLabel
          )}
          {ad.sourceType ? ` (${ad.sourceType})` : ""}
        </p>
      )}
      {(d.forwarded || d.frequentlyForwarded) && (
        <p class="msg-origin">{d.frequentlyForwarded ? "Forwarded many times" : "Forwarded"}</p>
      )}
      {d.email && (
        <p class="msg-origin msg-email-subject" data-testid="email-subject" title={`From ${d.email.from}`}>
          <Icon name="mail" size={13} />
          <span class="visually-hidden">Subject: </span>
          {d.email.subject || "(no subject)"}
        </p>
      )}
      {d.quotedProviderId && !message.replyToId && (
        <blockquote class="quote">
          <span class="quote-text">Replying to an earlier message</span>
        </blockquote>
      )}
    </>
  );
}

/** Issue 16: an email whose quoted history was taken off keeps the whole text, one click away. */
export function EmailFullText({ details }: { details: Details | null }) {
  const email = details?.email;
  if (!email?.fullText) return null;
  return (
    <details class="msg-email-full">
      <summary>Show the whole email</summary>
      <pre>{email.fullText}</pre>
    </details>
  );
}

/** Below the text: the id, payload or description of the button or row tapped, a flow's answers. */
export function ReplyDetails({ details }: { details: Details | null }) {
  const reply = details?.reply;
  if (!reply) return null;
  const answers = flowAnswers(reply.responseJson);
  return (
    <div class="msg-reply-details" data-testid="reply-details">
      {reply.description && <p class="small">{reply.description}</p>}
      {reply.type !== "nfm_reply" && (reply.id || reply.payload) && (
        <p class="small muted">
          {reply.type === "list_reply" ? "Row" : "Button"} {reply.id ?? ""}
          {reply.payload ? ` · ${reply.payload}` : ""}
        </p>
      )}
      {answers.length > 0 && (
        <dl class="flow-answers">
          {answers.map(([k, v]) => (
            <div key={k}>
              <dt>{k.replace(/_/g, " ")}:</dt> <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function flowAnswers(json: string | null): [string, string][] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return Object.entries(parsed)
      .filter(([k]) => k !== "flow_token")
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
  } catch {
    return [["answers", json]];
  }
}

export function OrderCard({ message }: { message: ChatMessage }) {
  const order = message.details?.order;
  if (!order) return <p class="bubble-text muted">Order</p>;
  const currency = order.items.find((i) => i.currency)?.currency ?? "";
  const total = order.items.reduce((sum, i) => sum + i.quantity * (i.itemPrice ?? 0), 0);
  return (
    <div class="order-card" data-testid="order">
      <p class="file-name">
        <Icon name="file" size={18} /> Order · {order.items.length} {order.items.length === 1 ? "item" : "items"}
      </p>
      <ul>
        {order.items.map((i) => (
          <li key={i.productRetailerId}>
            {i.quantity} × {i.productRetailerId}
            {i.itemPrice !== null ? ` · ${i.itemPrice} ${i.currency ?? ""}` : ""}
          </li>
        ))}
      </ul>
      <p class="small">
        Total {total} {currency}
      </p>
      {order.text && <p class="bubble-text">{order.text}</p>}
    </div>
  );
}

interface CardJson {
  name?: { formatted_name?: string; first_name?: string };
  phones?: { phone?: string; wa_id?: string; type?: string }[];
}

/** Shared contact cards: each with its name and phones, and a button to write to that number. */
export function ContactCards({ room, message }: { room: Room; message: ChatMessage }) {
  const cards = (message.contacts ?? []) as CardJson[];
  if (cards.length === 0) return <p class="bubble-text muted">Shared contact card</p>;
  return (
    <div class="contact-cards">
      {cards.map((card, i) => (
        <ContactCard key={String(i)} room={room} card={card} />
      ))}
    </div>
  );
}

function ContactCard({ room, card }: { room: Room; card: CardJson }) {
  const name = card.name?.formatted_name ?? card.name?.first_name ?? "Contact";
  const phones = (card.phones ?? []).filter((p) => p.phone || p.wa_id);
  const [contactId, setContactId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = phones[0];
  const start = async () => {
    setError(null);
    try {
      const contact = await api.addContact({ phone: first?.wa_id ?? first?.phone ?? "", name });
      setContactId(contact.id);
    } catch {
      setError("This number can't be added.");
    }
  };
  return (
    <div class="file-card contact-card" data-testid="contact-card">
      <Icon name="user" size={22} />
      <span class="file-name">
        {name}
        {phones.map((p) => (
          <span class="file-size" key={p.phone ?? p.wa_id}>
            {p.phone ?? p.wa_id}
            {p.type ? ` · ${p.type.toLowerCase()}` : ""}
          </span>
        ))}
      </span>
      {first && !contactId && (
        <button type="button" class="link-button" onClick={() => void start()}>
          Start a conversation
        </button>
      )}
      {error && <span class="small">{error}</span>}
      {contactId && (
        <TemplatePicker
          channelId={room.channelId}
          intro={`A conversation with ${name} starts with an approved template.`}
          onCancel={() => setContactId(null)}
          onSend={async (templateName, language, variables, extras) => {
            const started = await api.startConversation(contactId, {
              channelId: room.channelId,
              templateName,
              language,
              variables,
              ...extras,
            });
            applyRoom(started.room);
            navigate(`/rooms/${encodeURIComponent(started.room.id)}`);
          }}
        />
      )}
    </div>
  );
}

/** A provider notice (the customer changed number, their identity changed). */
export function SystemNotice({ message }: { message: ChatMessage }) {
  return (
    <p class="bubble-text muted" data-testid="system-notice">
      <Icon name="info" size={14} /> {message.text ?? message.details?.system?.body ?? "Customer notice"}
    </p>
  );
}

/** Why a message cannot be shown: the type WhatsApp named and its error. */
export function UnsupportedNotice({ message }: { message: ChatMessage }) {
  const u = message.details?.unsupported;
  const error = u?.errors[0];
  return (
    <div class="bubble-text muted" data-testid="unsupported">
      <p>
        This kind of message{u?.type ? ` (${u.type})` : ""} can't be shown here yet. Ask the customer to send it another
        way.
      </p>
      {error && (
        <p class="small">
          WhatsApp: {error.title}
          {error.detail ? ` — ${error.detail}` : ""}
        </p>
      )}
    </div>
  );
}

/** Marks beside the time: edited, deleted by the customer. */
export function ChangeMarks({ details }: { details: Details | null }) {
  return (
    <>
      {details?.edited && <span class="tag">Edited</span>}
      {details?.revoked && <span class="tag">Deleted by the customer</span>}
    </>
  );
}

const ORIGIN_WORDS: Record<string, string> = {
  service: "service",
  marketing: "marketing",
  utility: "utility",
  authentication: "authentication",
  authentication_international: "international authentication",
  referral_conversion: "free entry point (ad or page button)",
  business_initiated: "business-initiated",
  user_initiated: "customer-initiated",
};
const words = (v: string | null | undefined) => (v ? (ORIGIN_WORDS[v.toLowerCase()] ?? v.toLowerCase()) : null);

/** Issue 12: what Meta reported it will bill for a sent message (its status's conversation and pricing). */
export function BillingDetails({ details }: { details: Details | null }) {
  const b = details?.billing;
  if (!b) return null;
  const category = words(b.category ?? b.conversationOrigin);
  return (
    <details class="message-billing" data-testid="message-billing">
      <summary>Billing by Meta</summary>
      <dl>
        {category && (
          <>
            <dt>Category</dt>
            <dd>{category}</dd>
          </>
        )}
        {b.billable != null && (
          <>
            <dt>Billable</dt>
            <dd>{b.billable ? "Yes" : "No (free)"}</dd>
          </>
        )}
        {b.pricingModel && (
          <>
            <dt>Pricing model</dt>
            <dd>
              {b.pricingModel}
              {b.pricingType ? ` · ${b.pricingType.toLowerCase().replaceAll("_", " ")}` : ""}
            </dd>
          </>
        )}
        {b.conversationId && (
          <>
            <dt>Conversation</dt>
            <dd>
              {b.conversationId}
              {b.conversationOrigin ? ` (${words(b.conversationOrigin)})` : ""}
              {b.conversationExpiresAt ? `, until ${fullTime(b.conversationExpiresAt)}` : ""}
            </dd>
          </>
        )}
      </dl>
    </details>
  );
}
