import { useEffect, useState } from "preact/hooks";
import type { Contact, Role } from "../../api";
import { Alert } from "../../components/Alert";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { SheetUpload, withColumns } from "../../components/SheetUpload";
import { ShowMore } from "../../components/ShowMore";
import { Empty, Failed, Loading } from "../../components/States";
import { count, phone } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { ContactProfile } from "./ContactProfile";
import { contactsApi } from "./contacts-api";
// The import form and the tables are the Broadcast lists' (rule T5), and so are their styles.
import "../broadcast/broadcast.css";
import "./contacts.css";

type Kind = keyof typeof CHANNEL_LABELS;

/** A contact's id as people read it: a phone number for WhatsApp, the channel's own id otherwise. */
export const contactAddress = (c: Pick<Contact, "kind" | "externalId">) =>
  c.kind === "whatsapp" ? phone(c.externalId) : c.externalId;

/** Issue 17 item 5: every customer of the organization, searchable; a profile each; import and export. */
export function ContactsPage({ contactId, role }: { contactId: string | null; role: Role }) {
  const manage = role === "admin" || role === "supervisor";
  const [version, setVersion] = useState(0);
  useTitle(t("Contacts · {organization}", { organization: me.value?.organization.name ?? "" }));
  if (contactId) {
    return (
      <div class="page-scroll">
        <ContactProfile id={contactId} />
      </div>
    );
  }
  return (
    <div class="page-scroll">
      <div class="admin-page contacts-page">
        <div class="admin-page-head">
          <div>
            <h1 tabIndex={-1}>{t("Contacts")}</h1>
            <p class="muted">{t("Every customer who wrote on any channel, and those you imported.")}</p>
          </div>
          {manage && (
            <a class="button" href="/api/contacts/export" download>
              <Icon name="down" size={18} />
              <span>{t("Export CSV")}</span>
            </a>
          )}
        </div>
        {manage && <ImportForm onImported={() => setVersion((v) => v + 1)} />}
        <ContactSearch version={version} />
      </div>
    </div>
  );
}

function ImportForm({ onImported }: { onImported: () => void }) {
  return (
    <SheetUpload
      title={t("Import contacts")}
      hint={withColumns(
        t(
          "A {phone} column; {name}, {email} and {notes} fill the profile, any other column is a custom attribute. Every cell is read as text; a known phone is updated.",
        ),
      )}
      progressLabel={t("Import progress")}
      finishing={t("Importing…")}
      busyLabel={t("Importing…")}
      submitLabel={t("Import contacts")}
      tooLarge={(size) => t("The file is {size}; it can be at most 5 MB.", { size })}
      fixAgain={t("Fix the file and import it again.")}
      send={async (file, onProgress) => {
        const done = await contactsApi.import(file, onProgress);
        onImported();
        const added = t("{created} contacts added, {updated} updated.", {
          created: count(done.created),
          updated: count(done.updated),
        });
        if (done.otherChannelCount === 0) return added;
        return `${added} ${t("{count} rows of other channels left out.", { count: count(done.otherChannelCount) })}`;
      }}
    />
  );
}

/** The search box and the matching contacts, newest first, 50 at a time; a new `version` (an import) reloads them. */
function ContactSearch({ version }: { version: number }) {
  const [q, setQ] = useState("");
  const [typed, setTyped] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const paged = usePagedList(
    (after) => contactsApi.search(q, after).then((page) => ({ items: page.contacts, nextCursor: page.nextCursor })),
    [q, version],
  );
  const { items: contacts, status, error } = paged;

  return (
    <section class="admin-card" aria-labelledby="contacts-title" aria-busy={status === "loading"}>
      <h2 id="contacts-title" class="visually-hidden">
        {t("Contacts")}
      </h2>
      <div class="field contacts-search">
        <label for="contacts-q">{t("Search contacts")}</label>
        <input
          id="contacts-q"
          type="search"
          value={typed}
          placeholder={t("Name, phone or email")}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </div>
      {status === "error" && contacts.length === 0 ? (
        <Failed message={error ?? ""} onRetry={paged.reload} />
      ) : status === "loading" ? (
        <Loading label={t("Loading contacts…")} />
      ) : contacts.length === 0 ? (
        <Empty icon="users" title={q ? t("No contact matches “{query}”", { query: q }) : t("No contacts yet")} />
      ) : (
        <>
          <div class="table-scroll">
            <table class="data-table" aria-label={t("Contacts")}>
              <thead>
                <tr>
                  <th scope="col">{t("Name")}</th>
                  <th scope="col">{t("Phone or id")}</th>
                  <th scope="col">{t("Email")}</th>
                  <th scope="col">{t("Status")}</th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link href={`/contacts/${encodeURIComponent(c.id)}`}>{c.name ?? t("No name")}</Link>
                    </th>
                    <td>
                      <ChannelIcon kind={c.kind as Kind} size={14} />{" "}
                      <span class="visually-hidden">{CHANNEL_LABELS[c.kind as Kind] ?? c.kind}, </span>
                      {contactAddress(c)}
                    </td>
                    <td>{c.email ?? "—"}</td>
                    <td>{c.blocked ? t("Blocked") : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {/* A next page that failed: what is shown stays, Show more tries again. */}
          {error && <Alert tone="error">{error}</Alert>}
          <ShowMore paged={paged} label={t("Show more contacts")} loadingLabel={t("Loading more contacts…")} small />
        </>
      )}
    </section>
  );
}
