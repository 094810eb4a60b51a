import { Icon } from "../../components/Icon";
import { fullTime } from "../../format";
import { t } from "../../i18n";
import type { ChatMessage } from "../../state/room";

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
  const adLabel = ad?.headline || ad?.body || ad?.sourceId || t("an ad");
  const adLink = ad?.sourceUrl && /^https?:\/\//.test(ad.sourceUrl) ? ad.sourceUrl : null;
  return (
    <>
      {ad && (
        <p class="msg-origin" data-testid="referral">
          <Icon name="external" size={13} />
          {t("Came from ad")}{" "}
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
        <p class="msg-origin">{d.frequentlyForwarded ? t("Forwarded many times") : t("Forwarded")}</p>
      )}
      {d.email && (
        <p
          class="msg-origin msg-email-subject"
          data-testid="email-subject"
          title={t("From {sender}", { sender: d.email.from })}
        >
          <Icon name="mail" size={13} />
          <span class="visually-hidden">{t("Subject:")} </span>
          {d.email.subject || t("(no subject)")}
        </p>
      )}
      {d.quotedProviderId && !message.replyToId && (
        <blockquote class="quote">
          <span class="quote-text">{t("Replying to an earlier message")}</span>
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
      <summary>{t("Show the whole email")}</summary>
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
          {reply.type === "list_reply" ? t("Row") : t("Button")} {reply.id ?? ""}
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

/** A provider notice (the customer changed number, their identity changed). */
export function SystemNotice({ message }: { message: ChatMessage }) {
  return (
    <p class="bubble-text muted" data-testid="system-notice">
      <Icon name="info" size={14} /> {message.text ?? message.details?.system?.body ?? t("Customer notice")}
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
        {u?.type
          ? t("This kind of message ({type}) can't be shown here yet. Ask the customer to send it another way.", {
              type: u.type,
            })
          : t("This kind of message can't be shown here yet. Ask the customer to send it another way.")}
      </p>
      {error && (
        <p class="small">
          {/* The provider's own words, as it wrote them. */}
          {`WhatsApp: ${error.title}`}
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
      {details?.edited && <span class="tag">{t("Edited")}</span>}
      {details?.revoked && <span class="tag">{t("Deleted by the customer")}</span>}
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
const words = (v: string | null | undefined) => {
  if (!v) return null;
  const known = ORIGIN_WORDS[v.toLowerCase()];
  return known ? t(known) : v.toLowerCase();
};

/** Issue 12: what Meta reported it will bill for a sent message (its status's conversation and pricing). */
export function BillingDetails({ details }: { details: Details | null }) {
  const b = details?.billing;
  if (!b) return null;
  const category = words(b.category ?? b.conversationOrigin);
  return (
    <details class="message-billing" data-testid="message-billing">
      <summary>{t("Billing by Meta")}</summary>
      <dl>
        {category && (
          <>
            <dt>{t("Category")}</dt>
            <dd>{category}</dd>
          </>
        )}
        {b.billable != null && (
          <>
            <dt>{t("Billable")}</dt>
            <dd>{b.billable ? t("Yes") : t("No (free)")}</dd>
          </>
        )}
        {b.pricingModel && (
          <>
            <dt>{t("Pricing model")}</dt>
            <dd>
              {b.pricingModel}
              {b.pricingType ? ` · ${b.pricingType.toLowerCase().replaceAll("_", " ")}` : ""}
            </dd>
          </>
        )}
        {b.conversationId && (
          <>
            <dt>{t("Conversation")}</dt>
            <dd>
              {b.conversationId}
              {b.conversationOrigin ? ` (${words(b.conversationOrigin)})` : ""}
              {b.conversationExpiresAt ? t(", until {time}", { time: fullTime(b.conversationExpiresAt) }) : ""}
            </dd>
          </>
        )}
      </dl>
    </details>
  );
}
