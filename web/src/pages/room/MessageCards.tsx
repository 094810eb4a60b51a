import { useState } from "preact/hooks";
import { api, type Room } from "../../api";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { applyRoom } from "../../state/inbox";
import type { ChatMessage } from "../../state/room";
import { TemplatePicker } from "./TemplatePicker";

/** Issue 12: the cards a message can carry: an order, and shared contact cards one can write to. */

export function OrderCard({ message }: { message: ChatMessage }) {
  const order = message.details?.order;
  if (!order) return <p class="bubble-text muted">{t("Order")}</p>;
  const currency = order.items.find((i) => i.currency)?.currency ?? "";
  const total = order.items.reduce((sum, i) => sum + i.quantity * (i.itemPrice ?? 0), 0);
  return (
    <div class="order-card" data-testid="order">
      <p class="file-name">
        <Icon name="file" size={18} />{" "}
        {order.items.length === 1 ? t("Order · 1 item") : t("Order · {count} items", { count: order.items.length })}
      </p>
      <ul>
        {order.items.map((i) => (
          <li key={i.productRetailerId}>
            {i.quantity} × {i.productRetailerId}
            {i.itemPrice !== null ? ` · ${i.itemPrice} ${i.currency ?? ""}` : ""}
          </li>
        ))}
      </ul>
      <p class="small">{t("Total {amount}", { amount: `${total} ${currency}`.trim() })}</p>
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
  if (cards.length === 0) return <p class="bubble-text muted">{t("Shared contact card")}</p>;
  return (
    <div class="contact-cards">
      {cards.map((card, i) => (
        <ContactCard key={String(i)} room={room} card={card} />
      ))}
    </div>
  );
}

function ContactCard({ room, card }: { room: Room; card: CardJson }) {
  const name = card.name?.formatted_name ?? card.name?.first_name ?? t("Contact");
  const phones = (card.phones ?? []).filter((p) => p.phone || p.wa_id);
  const [contactId, setContactId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const first = phones[0];
  const start = async () => {
    setError(null);
    setAdding(true);
    try {
      const contact = await api.addContact({ phone: first?.wa_id ?? first?.phone ?? "", name });
      setContactId(contact.id);
    } catch {
      setError(t("This number can't be added."));
    } finally {
      setAdding(false);
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
        <button type="button" class="link-button" disabled={adding} aria-busy={adding} onClick={() => void start()}>
          {adding ? t("Adding…") : t("Start a conversation")}
        </button>
      )}
      {error && <span class="small">{error}</span>}
      {contactId && (
        <TemplatePicker
          channelId={room.channelId}
          intro={t("A conversation with {name} starts with an approved template.", { name })}
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
