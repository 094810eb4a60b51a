import { useEffect, useState } from "preact/hooks";
import type { Contact, Room } from "../../api";
import { Alert } from "../../components/Alert";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { ShowMore } from "../../components/ShowMore";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError, fieldErrorUnder } from "../../errors";
import { fullTime } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";
import { Input, problemOf, TextArea } from "../admin/common";
import { contactAddress } from "./Contacts";
import { contactsApi } from "./contacts-api";

type Kind = keyof typeof CHANNEL_LABELS;
type Attribute = { key: string; value: string };
/** English words (the keys of t()), shown through t() at render. */
const STATUS: Record<Room["status"], string> = { unassigned: "Unassigned", assigned: "Assigned", resolved: "Resolved" };

/** Issue 17 item 5: one contact: the profile agents keep, blocking (I6), and their rooms on every channel. */
export function ContactProfile({ id }: { id: string }) {
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    contactsApi.contact(id).then(setContact, (err) => setError(describeError(err)));
  };
  useEffect(load, [id]);

  if (error) return <Failed message={error} onRetry={load} />;
  if (!contact) return <Loading label={t("Loading the contact…")} />;
  return (
    <div class="admin-page contacts-page">
      <p>
        <Link href="/contacts">
          <Icon name="back" size={16} /> {t("All contacts")}
        </Link>
      </p>
      <div class="admin-page-head">
        <div>
          <h1 tabIndex={-1}>{contact.name ?? contactAddress(contact)}</h1>
          <p class="muted">
            <ChannelIcon kind={contact.kind as Kind} size={14} /> {CHANNEL_LABELS[contact.kind as Kind] ?? contact.kind}{" "}
            · {contactAddress(contact)}
            {contact.blocked && ` · ${t("Blocked")}`}
          </p>
        </div>
      </div>
      <ProfileForm contact={contact} onSaved={setContact} />
      <BlockCard contact={contact} onChanged={setContact} />
      <ContactRoomList id={contact.id} />
    </div>
  );
}

function ProfileForm({ contact, onSaved }: { contact: Contact; onSaved: (c: Contact) => void }) {
  const [name, setName] = useState(contact.name ?? "");
  const [email, setEmail] = useState(contact.email ?? "");
  const [notes, setNotes] = useState(contact.notes ?? "");
  const [attributes, setAttributes] = useState<Attribute[]>(
    Object.entries(contact.attributes).map(([key, value]) => ({ key, value })),
  );
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setProblem(null);
    try {
      const kept = attributes.filter((a) => a.key.trim() !== "");
      const next = await contactsApi.change(contact.id, {
        name: name.trim() || null,
        email: email.trim() || null,
        notes: notes.trim() || null,
        attributes: Object.fromEntries(kept.map((a) => [a.key.trim(), a.value])),
      });
      onSaved(next);
      setSaved(true);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const change = (i: number, part: Partial<Attribute>) =>
    setAttributes(attributes.map((a, k) => (k === i ? { ...a, ...part } : a)));
  const attributesError = problem ? fieldErrorUnder(problem.fields, "attributes") : undefined;

  return (
    <form class="admin-card form" onSubmit={submit} noValidate aria-labelledby="profile-title">
      <h2 id="profile-title" class="broadcast-subtitle">
        {t("Profile")}
      </h2>
      <Input label={t("Name")} value={name} onInput={setName} maxLength={200} error={problem?.fields.name} />
      <Input
        label={t("Email")}
        type="email"
        value={email}
        onInput={setEmail}
        maxLength={254}
        error={problem?.fields.email}
      />
      <TextArea
        label={t("Notes")}
        value={notes}
        onInput={setNotes}
        maxLength={2000}
        rows={4}
        error={problem?.fields.notes}
      />
      <fieldset class="contact-attributes">
        <legend>{t("Custom attributes")}</legend>
        {attributes.map((a, i) => (
          <div class="contact-attribute" key={i}>
            <input
              aria-label={t("Attribute {n} name", { n: i + 1 })}
              value={a.key}
              maxLength={64}
              placeholder={t("name, e.g. tier")}
              onInput={(e) => change(i, { key: e.currentTarget.value })}
            />
            <input
              aria-label={t("Attribute {n} value", { n: i + 1 })}
              value={a.value}
              maxLength={200}
              onInput={(e) => change(i, { value: e.currentTarget.value })}
            />
            <button
              type="button"
              class="button button-small"
              aria-label={t("Remove attribute {name}", { name: a.key || i + 1 })}
              onClick={() => setAttributes(attributes.filter((_, k) => k !== i))}
            >
              <Icon name="trash" size={16} />
            </button>
          </div>
        ))}
        <button
          type="button"
          class="button button-small"
          onClick={() => setAttributes([...attributes, { key: "", value: "" }])}
        >
          <Icon name="plus" size={16} /> <span>{t("Add attribute")}</span>
        </button>
        {attributesError && <p class="field-error">{attributesError}</p>}
      </fieldset>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      {saved && <Alert tone="success">{t("The profile was saved.")}</Alert>}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? t("Saving…") : t("Save profile")}
        </button>
      </div>
    </form>
  );
}

/** Rule I6: blocking is only from an unresolved room; the API says so in words when there is none. */
function BlockCard({ contact, onChanged }: { contact: Contact; onChanged: (c: Contact) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await (contact.blocked ? contactsApi.unblock(contact.id) : contactsApi.block(contact.id)));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="admin-card" aria-labelledby="block-title">
      <h2 id="block-title" class="broadcast-subtitle">
        {t("Blocking")}
      </h2>
      <p class="muted">
        {contact.blocked
          ? t("Blocked: their messages open no room and reach no agent.")
          : t("A blocked contact's messages open no room and reach no agent.")}
      </p>
      {error && <Alert tone="error">{error}</Alert>}
      <button type="button" class="button" disabled={busy} onClick={toggle}>
        <Icon name="ban" size={16} />{" "}
        <span>{busy ? t("Saving…") : contact.blocked ? t("Unblock contact") : t("Block contact")}</span>
      </button>
    </section>
  );
}

/** The contact's rooms on every channel, newest activity first, 20 at a time. */
function ContactRoomList({ id }: { id: string }) {
  const paged = usePagedList(
    (after) => contactsApi.rooms(id, after).then((page) => ({ items: page.rooms, nextCursor: page.nextCursor })),
    [id],
  );
  const { items: rooms, status, error } = paged;

  return (
    <section class="admin-card" aria-labelledby="contact-rooms-title" aria-busy={status === "loading"}>
      <h2 id="contact-rooms-title" class="broadcast-subtitle">
        {t("Conversations")}
      </h2>
      {status === "error" && rooms.length === 0 ? (
        <Failed message={error ?? ""} onRetry={paged.reload} />
      ) : status === "loading" ? (
        <Loading label={t("Loading conversations…")} />
      ) : rooms.length === 0 ? (
        <Empty icon="chat" title={t("No conversations yet")} />
      ) : (
        <ul class="contact-rooms" aria-label={t("Conversations")}>
          {rooms.map((r) => (
            <li key={r.id}>
              <Link href={`/rooms/${encodeURIComponent(r.id)}`}>
                <ChannelIcon kind={r.channelKind} size={14} /> {r.channelName}
              </Link>
              <span class="muted">
                {" "}
                · {t(STATUS[r.status])} · {fullTime(r.lastMessageAt)}
              </span>
              {r.lastMessagePreview && <p class="contact-room-preview">{r.lastMessagePreview}</p>}
            </li>
          ))}
        </ul>
      )}
      {error && rooms.length > 0 && <Alert tone="error">{error}</Alert>}
      <ShowMore
        paged={paged}
        label={t("Show more conversations")}
        loadingLabel={t("Loading more conversations…")}
        small
      />
    </section>
  );
}
