import type { RefObject } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, fileSize, fullTime, plural } from "../../format";
import { navigate } from "../../router";
import { Input } from "../admin/common";
import { ListPreview } from "./ListPreview";
import { type ContactListView, type ListErrorView, listErrorsOf, listsApi } from "./lists-api";

/** The largest file the API takes (413 beyond); checked here first so nobody waits for a refusal. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Contact lists (rule T5): upload a CSV or XLSX, see every problem of a refused file, browse, preview, delete. */
export function ListsPage({ listId }: { listId: string | null }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  if (listId) {
    return (
      <ListPreview
        id={listId}
        onDeleted={(name) => {
          setNotice(`The list ${name} was deleted.`);
          setVersion((v) => v + 1);
          navigate("/broadcast/lists");
        }}
      />
    );
  }
  return (
    <div class="admin-page">
      <div class="admin-page-head">
        <div>
          <h1 tabIndex={-1}>Contact lists</h1>
          <p class="muted">
            Upload the people a campaign sends to: a CSV or Excel (.xlsx) file, at most 5,000 contacts and 5 MB.
          </p>
        </div>
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      <UploadForm
        onUploaded={(list) => {
          setVersion((v) => v + 1);
          navigate(`/broadcast/lists/${encodeURIComponent(list.id)}`);
        }}
      />
      <ListsTable key={version} />
    </div>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (list: ContactListView) => void }) {
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ListErrorView[]>([]);
  const [nameError, setNameError] = useState<string | undefined>();
  const problemsHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (problems.length > 0) problemsHeading.current?.focus();
  }, [problems]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setProblems([]);
    setNameError(name.trim() ? undefined : "Give the list a name.");
    if (!name.trim()) return;
    if (!file) return setError("Choose a CSV or XLSX file.");
    if (file.size > MAX_FILE_BYTES)
      return setError(`The file is ${fileSize(file.size)}; a list file can be at most 5 MB.`);
    setProgress(0);
    try {
      const list = await listsApi.upload(name.trim(), file, setProgress);
      setName("");
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
      onUploaded(list);
    } catch (err) {
      const found = listErrorsOf(err);
      setProblems(found);
      const detail = err instanceof ApiError && err.code.startsWith("list_") ? err.detail : describeError(err);
      setError(found.length > 0 ? `${detail} Fix the file and upload it again.` : detail);
    } finally {
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <form class="admin-card form broadcast-upload" onSubmit={submit} noValidate aria-labelledby={`${fileId}-title`}>
      <h2 id={`${fileId}-title`} class="broadcast-subtitle">
        Upload a list
      </h2>
      <Input label="List name" value={name} onInput={setName} maxLength={100} required error={nameError} />
      <div class="field">
        <label for={fileId}>File (CSV or XLSX)</label>
        <input
          id={fileId}
          ref={fileInput}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          aria-describedby={`${fileId}-hint`}
        />
        <p id={`${fileId}-hint`} class="field-hint">
          Headings in the first row, lowercase without spaces; a <code>phone</code> column (08…, 628… or +62…); template
          variables from column E on. Every cell is read as text.
        </p>
      </div>
      {busy && (
        <div class="broadcast-progress">
          <progress max={1} value={progress} aria-label="Upload progress" />
          <span aria-live="polite">
            {progress < 1 ? `Uploading… ${Math.round(progress * 100)}%` : "Checking the file…"}
          </span>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {problems.length > 0 && <ProblemTable problems={problems} headingRef={problemsHeading} />}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          <Icon name="upload" size={18} />
          <span>{busy ? "Uploading…" : "Upload list"}</span>
        </button>
      </div>
    </form>
  );
}

/** Every problem of a refused file, by row and column as the spreadsheet shows them. */
export function ProblemTable({
  problems,
  headingRef,
}: {
  problems: ListErrorView[];
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  return (
    <section class="broadcast-problems" aria-labelledby="list-problems-title">
      <h3 id="list-problems-title" ref={headingRef} tabIndex={-1}>
        {plural(problems.length, "problem")} in the file
      </h3>
      <div class="table-scroll">
        <table class="data-table" data-testid="list-problems">
          <thead>
            <tr>
              <th scope="col" class="num">
                Row
              </th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={`${p.path}-${i}`}>
                <td class="num">{p.row ?? "—"}</td>
                <td>{p.column ?? "—"}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The organization's lists, newest first, a page at a time. */
function ListsTable() {
  const [lists, setLists] = useState<ContactListView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "more" | "error">("loading");
  const [error, setError] = useState<string | null>(null);

  const load = async (after?: string) => {
    setStatus(after ? "more" : "loading");
    setError(null);
    try {
      const page = await listsApi.lists(after);
      setLists((current) => (after ? [...current, ...page.lists] : page.lists));
      setCursor(page.nextCursor);
      setStatus("ready");
    } catch (err) {
      setError(describeError(err));
      setStatus("error");
    }
  };
  useEffect(() => {
    void load();
  }, []);

  if (status === "loading") return <Loading label="Loading lists…" />;
  if (status === "error" && lists.length === 0) return <Failed message={error ?? ""} onRetry={() => void load()} />;
  if (lists.length === 0) {
    return (
      <Empty icon="users" title="No lists yet">
        Upload a CSV or XLSX file above to create your first contact list.
      </Empty>
    );
  }
  return (
    <section class="broadcast-lists" aria-labelledby="lists-title">
      <h2 id="lists-title" class="broadcast-subtitle">
        Your lists
      </h2>
      <div class="table-scroll">
        <table class="data-table" data-testid="contact-lists">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" class="num">
                Contacts
              </th>
              <th scope="col" class="hide-narrow">
                Variables
              </th>
              <th scope="col" class="hide-narrow">
                Uploaded
              </th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => (
              <tr key={list.id}>
                <th scope="row">
                  <Link href={`/broadcast/lists/${encodeURIComponent(list.id)}`} class="table-link">
                    {list.name}
                  </Link>
                </th>
                <td class="num">
                  {count(list.rowCount)}
                  {list.duplicateCount > 0 && (
                    <span class="cell-hint">{plural(list.duplicateCount, "duplicate")} dropped</span>
                  )}
                </td>
                <td class="hide-narrow">{list.variableColumns.join(", ") || "—"}</td>
                <td class="hide-narrow nowrap">{fullTime(list.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {cursor && (
        <div class="form-actions">
          <button type="button" class="button" onClick={() => void load(cursor)} disabled={status === "more"}>
            {status === "more" ? "Loading…" : "Show more lists"}
          </button>
        </div>
      )}
    </section>
  );
}
