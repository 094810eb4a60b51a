import { useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError, type Contact, type Role } from "../../api";
import { Alert } from "../../components/Alert";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, fileSize, phone } from "../../format";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { ProblemTable } from "../broadcast/Lists";
import { type ListErrorView, listErrorsOf } from "../broadcast/lists-api";
import { ContactProfile } from "./ContactProfile";
import { contactsApi } from "./contacts-api";
// The import form and the tables are the Broadcast lists' (rule T5), and so are their styles.
import "../broadcast/broadcast.css";
import "./contacts.css";

const MAX_FILE_BYTES = 5 * 1024 * 1024;
type Kind = keyof typeof CHANNEL_LABELS;

/** A contact's id as people read it: a phone number for WhatsApp, the channel's own id otherwise. */
export const contactAddress = (c: Pick<Contact, "kind" | "externalId">) =>
  c.kind === "whatsapp" ? phone(c.externalId) : c.externalId;

/** Issue 17 item 5: every customer of the organization, searchable; a profile each; import and export. */
export function ContactsPage({ contactId, role }: { contactId: string | null; role: Role }) {
  const manage = role === "admin" || role === "supervisor";
  const [version, setVersion] = useState(0);
  useTitle(`Contacts · ${me.value?.organization.name ?? ""}`);
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
            <h1 tabIndex={-1}>Contacts</h1>
            <p class="muted">Every customer who wrote on any channel, and those you imported.</p>
          </div>
          {manage && (
            <a class="button" href="/api/contacts/export" download>
              <Icon name="down" size={18} />
              <span>Export CSV</span>
            </a>
          )}
        </div>
        {manage && <ImportForm onImported={() => setVersion((v) => v + 1)} />}
        <ContactSearch key={version} />
      </div>
    </div>
  );
}

function ImportForm({ onImported }: { onImported: () => void }) {
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ListErrorView[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (problems.length > 0) heading.current?.focus();
  }, [problems]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    setProblems([]);
    if (!file) return setError("Choose a CSV or XLSX file.");
    if (file.size > MAX_FILE_BYTES) return setError(`The file is ${fileSize(file.size)}; it can be at most 5 MB.`);
    setProgress(0);
    try {
      const done = await contactsApi.import(file, setProgress);
      const skipped =
        done.otherChannelCount > 0 ? ` ${count(done.otherChannelCount)} rows of other channels left out.` : "";
      setResult(`${count(done.created)} contacts added, ${count(done.updated)} updated.${skipped}`);
      setFile(null);
      if (input.current) input.current.value = "";
      onImported();
    } catch (err) {
      const found = listErrorsOf(err);
      setProblems(found);
      const detail = err instanceof ApiError && err.code.startsWith("list_") ? err.detail : describeError(err);
      setError(found.length > 0 ? `${detail} Fix the file and import it again.` : detail);
    } finally {
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <form class="admin-card form broadcast-upload" onSubmit={submit} noValidate aria-labelledby={`${fileId}-title`}>
      <h2 id={`${fileId}-title`} class="broadcast-subtitle">
        Import contacts
      </h2>
      <div class="field">
        <label for={fileId}>File (CSV or XLSX)</label>
        <input
          id={fileId}
          ref={input}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          aria-describedby={`${fileId}-hint`}
        />
        <p id={`${fileId}-hint`} class="field-hint">
          A <code>phone</code> column; <code>name</code>, <code>email</code> and <code>notes</code> fill the profile,
          any other column is a custom attribute. Every cell is read as text; a known phone is updated.
        </p>
      </div>
      {busy && (
        <div class="broadcast-progress">
          <progress max={1} value={progress} aria-label="Import progress" />
          <span aria-live="polite">{progress < 1 ? `Uploading… ${Math.round(progress * 100)}%` : "Importing…"}</span>
        </div>
      )}
      {result && <Alert tone="success">{result}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      {problems.length > 0 && <ProblemTable problems={problems} headingRef={heading} />}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          <Icon name="upload" size={18} />
          <span>{busy ? "Importing…" : "Import contacts"}</span>
        </button>
      </div>
    </form>
  );
}

/** The search box and the matching contacts, newest first, 50 at a time. */
function ContactSearch() {
  const [q, setQ] = useState("");
  const [typed, setTyped] = useState("");
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "more" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const load = async (after?: string) => {
    const mine = after ? generation.current : ++generation.current;
    setStatus(after ? "more" : "loading");
    try {
      const page = await contactsApi.search(q, after);
      if (mine !== generation.current) return;
      setContacts((current) => (after ? [...current, ...page.contacts] : page.contacts));
      setCursor(page.nextCursor);
      setStatus("ready");
    } catch (err) {
      if (mine !== generation.current) return;
      setError(describeError(err));
      setStatus("error");
    }
  };
  useEffect(() => {
    void load();
  }, [q]);

  return (
    <section class="admin-card" aria-labelledby="contacts-title" aria-busy={status === "loading"}>
      <h2 id="contacts-title" class="visually-hidden">
        Contacts
      </h2>
      <div class="field contacts-search">
        <label for="contacts-q">Search contacts</label>
        <input
          id="contacts-q"
          type="search"
          value={typed}
          placeholder="Name, phone or email"
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </div>
      {status === "error" ? (
        <Failed message={error ?? ""} onRetry={() => void load()} />
      ) : status === "loading" ? (
        <Loading label="Loading contacts…" />
      ) : contacts.length === 0 ? (
        <Empty icon="users" title={q ? `No contact matches “${q}”` : "No contacts yet"} />
      ) : (
        <>
          <div class="table-scroll">
            <table class="data-table" aria-label="Contacts">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Phone or id</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link href={`/contacts/${encodeURIComponent(c.id)}`}>{c.name ?? "No name"}</Link>
                    </th>
                    <td>
                      <ChannelIcon kind={c.kind as Kind} size={14} />{" "}
                      <span class="visually-hidden">{CHANNEL_LABELS[c.kind as Kind] ?? c.kind}, </span>
                      {contactAddress(c)}
                    </td>
                    <td>{c.email ?? "—"}</td>
                    <td>{c.blocked ? "Blocked" : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cursor && (
            <button
              type="button"
              class="button button-small"
              disabled={status === "more"}
              aria-busy={status === "more"}
              onClick={() => void load(cursor)}
            >
              {status === "more" ? "Loading more contacts…" : "Show more contacts"}
            </button>
          )}
        </>
      )}
    </section>
  );
}
