import { useEffect, useRef, useState } from "preact/hooks";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { ShowMore } from "../../components/ShowMore";
import { Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, fullTime } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";
import { listsApi } from "./lists-api";

/** One list (rule T5): its columns and counts, its first rows (more on request), and delete with a confirm. */
export function ListPreview({ id, onDeleted }: { id: string; onDeleted: (name: string) => void }) {
  const paged = usePagedList(
    (cursor) =>
      listsApi.list(id, cursor).then((page) => ({ items: page.rows, nextCursor: page.nextCursor, head: page })),
    [id],
  );
  const list = paged.head;
  const rows = paged.items;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (list) heading.current?.focus();
  }, [list?.id]);

  const back = (
    <Link href="/broadcast/lists" class="back-link">
      <Icon name="back" size={16} />
      <span>{t("All lists")}</span>
    </Link>
  );
  if (paged.status === "loading") return <Loading label={t("Loading the list…")} />;
  if (!list) {
    return (
      <div class="admin-page">
        {back}
        <Failed message={paged.error ?? ""} onRetry={paged.reload} />
      </div>
    );
  }
  return (
    <div class="admin-page" data-testid="list-preview">
      {back}
      <div class="admin-page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {list.name}
          </h1>
          <p class="muted">
            {list.rowCount === 1 ? t("1 contact") : t("{count} contacts", { count: list.rowCount })}
            {list.duplicateCount > 0 &&
              (list.duplicateCount === 1
                ? t(", 1 duplicate dropped")
                : t(", {count} duplicates dropped", { count: list.duplicateCount }))}{" "}
            · {t("uploaded {time}", { time: fullTime(list.createdAt) })}
          </p>
        </div>
        <DeleteList id={list.id} name={list.name} onDeleted={onDeleted} />
      </div>
      <dl class="broadcast-facts">
        <div>
          <dt>{t("Columns")}</dt>
          <dd>
            {list.columns.map((c) => (
              <code key={c} class="chip">
                {c}
              </code>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t("Template variables")}</dt>
          <dd>
            {list.variableColumns.length > 0
              ? list.variableColumns.map((c) => (
                  <code key={c} class="chip">
                    {c}
                  </code>
                ))
              : t("None (no columns from E on)")}
          </dd>
        </div>
      </dl>
      <div class="table-scroll">
        <table class="data-table" data-testid="list-rows">
          <caption class="visually-hidden">
            {t("Rows of {name}, {shown} of {total} shown", {
              name: list.name,
              shown: count(rows.length),
              total: count(list.rowCount),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {t("Row")}
              </th>
              {list.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.rowNo}>
                <td class="num">{row.rowNo}</td>
                {list.columns.map((c) => (
                  <td key={c} class={`broadcast-cell${c === "phone" ? " phone-cell" : ""}`}>
                    {row.cells[c] ?? ""}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {paged.error && <Alert tone="error">{paged.error}</Alert>}
      <p class="muted small" aria-live="polite">
        {t("Showing {shown} of {total} contacts.", { shown: count(rows.length), total: count(list.rowCount) })}
      </p>
      <ShowMore paged={paged} label={t("Show more rows")} />
    </div>
  );
}

function DeleteList({ id, name, onDeleted }: { id: string; name: string; onDeleted: (name: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await listsApi.remove(id);
      onDeleted(name);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <div>
      {confirming ? (
        <fieldset class="confirm-inline">
          <legend class="small">{t("Delete {name}? Its contacts are removed for good.", { name })}</legend>
          <button
            ref={confirmButton}
            type="button"
            class="button button-small button-danger"
            onClick={() => void remove()}
            disabled={busy}
          >
            {busy ? t("Deleting…") : t("Delete")}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming(false)}>
            {t("Cancel")}
          </button>
        </fieldset>
      ) : (
        <button type="button" class="button button-danger-quiet" onClick={() => setConfirming(true)}>
          <Icon name="trash" size={16} />
          <span>{t("Delete list")}</span>
        </button>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
