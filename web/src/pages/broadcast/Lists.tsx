import { useState } from "preact/hooks";
import { Alert } from "../../components/Alert";
import { Link } from "../../components/Link";
import { SheetUpload, withColumns } from "../../components/SheetUpload";
import { ShowMore } from "../../components/ShowMore";
import { Empty, Failed, Loading } from "../../components/States";
import { count, fullTime } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { Input } from "../admin/common";
import { ListPreview } from "./ListPreview";
import { type ContactListView, listsApi } from "./lists-api";

/** Contact lists (rule T5): upload a CSV or XLSX, see every problem of a refused file, browse, preview, delete. */
export function ListsPage({ listId }: { listId: string | null }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  if (listId) {
    return (
      <ListPreview
        id={listId}
        onDeleted={(name) => {
          setNotice(t("The list {name} was deleted.", { name }));
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
          <h1 tabIndex={-1}>{t("Contact lists")}</h1>
          <p class="muted">
            {t("Upload the people a campaign sends to: a CSV or Excel (.xlsx) file, at most 5,000 contacts and 5 MB.")}
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
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  return (
    <SheetUpload
      title={t("Upload a list")}
      hint={withColumns(
        t(
          "Headings in the first row, lowercase without spaces; a {phone} column (08…, 628… or +62…); template variables from column E on. Every cell is read as text.",
        ),
      )}
      progressLabel={t("Upload progress")}
      finishing={t("Checking the file…")}
      busyLabel={t("Uploading…")}
      submitLabel={t("Upload list")}
      tooLarge={(size) => t("The file is {size}; a list file can be at most 5 MB.", { size })}
      fixAgain={t("Fix the file and upload it again.")}
      check={() => {
        setNameError(name.trim() ? undefined : t("Give the list a name."));
        return name.trim() !== "";
      }}
      send={async (file, onProgress) => {
        const list = await listsApi.upload(name.trim(), file, onProgress);
        setName("");
        onUploaded(list);
        return undefined;
      }}
    >
      <Input label={t("List name")} value={name} onInput={setName} maxLength={100} required error={nameError} />
    </SheetUpload>
  );
}

/** The organization's lists, newest first, a page at a time. */
function ListsTable() {
  const paged = usePagedList(
    (after) => listsApi.lists(after).then((page) => ({ items: page.lists, nextCursor: page.nextCursor })),
    [],
  );
  const { items: lists, status, error } = paged;

  if (status === "loading") return <Loading label={t("Loading lists…")} />;
  if (status === "error" && lists.length === 0) return <Failed message={error ?? ""} onRetry={paged.reload} />;
  if (lists.length === 0) {
    return (
      <Empty icon="users" title={t("No lists yet")}>
        {t("Upload a CSV or XLSX file above to create your first contact list.")}
      </Empty>
    );
  }
  return (
    <section class="broadcast-lists" aria-labelledby="lists-title">
      <h2 id="lists-title" class="broadcast-subtitle">
        {t("Your lists")}
      </h2>
      <div class="table-scroll">
        <table class="data-table" data-testid="contact-lists">
          <thead>
            <tr>
              <th scope="col">{t("Name")}</th>
              <th scope="col" class="num">
                {t("Contacts")}
              </th>
              <th scope="col" class="hide-narrow">
                {t("Variables")}
              </th>
              <th scope="col" class="hide-narrow">
                {t("Uploaded")}
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
                    <span class="cell-hint">
                      {list.duplicateCount === 1
                        ? t("1 duplicate dropped")
                        : t("{count} duplicates dropped", { count: list.duplicateCount })}
                    </span>
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
      <ShowMore paged={paged} label={t("Show more lists")} />
    </section>
  );
}
