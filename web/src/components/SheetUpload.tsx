/**
 * One way to send a spreadsheet (issue 10): the file field (CSV or XLSX, at most 5 MB, checked here
 * before anyone waits for the API's refusal), the upload's progress line, and every row/column
 * problem of a refused file in a table. Used by Broadcast › Lists (rule T5) and the Contacts import.
 */
import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError } from "../api";
import { describeError } from "../errors";
import { fileSize } from "../format";
import { t } from "../i18n";
import { type ListErrorView, listErrorsOf } from "../pages/broadcast/lists-api";
import { Alert } from "./Alert";
import { Icon } from "./Icon";

/**
 * A sentence whose `{column}` placeholders are column names of the sheet, each shown as code:
 * "A {phone} column" given to t() keeps the sentence whole for translation, the names as they are.
 */
export function withColumns(sentence: string) {
  return sentence.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

/** The largest file the API takes (413 beyond). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function SheetUpload(props: {
  title: string;
  /** Fields of the form above the file (a list's name). */
  children?: ComponentChildren;
  hint: ComponentChildren;
  /** The progress bar's name, the words once the bytes are sent, the button's words while busy and not. */
  progressLabel: string;
  finishing: string;
  busyLabel: string;
  submitLabel: string;
  /** The refusal of a file over 5 MB, given its size in words. */
  tooLarge: (size: string) => string;
  /** Said after the problems of a refused file ("Fix the file and upload it again."). */
  fixAgain: string;
  /** False when a field of the form needs another look (the form shows why); nothing is sent. */
  check?: () => boolean;
  /** Sends the file; a sentence it answers is shown as the success. */
  send: (file: File, onProgress: (fraction: number) => void) => Promise<string | undefined>;
}) {
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
    if (props.check && !props.check()) return;
    if (!file) return setError(t("Choose a CSV or XLSX file."));
    if (file.size > MAX_FILE_BYTES) return setError(props.tooLarge(fileSize(file.size)));
    setProgress(0);
    try {
      const done = await props.send(file, setProgress);
      setResult(done ?? null);
      setFile(null);
      if (input.current) input.current.value = "";
    } catch (err) {
      const found = listErrorsOf(err);
      setProblems(found);
      const detail = err instanceof ApiError && err.code.startsWith("list_") ? err.detail : describeError(err);
      setError(found.length > 0 ? `${detail} ${props.fixAgain}` : detail);
    } finally {
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <form class="admin-card form broadcast-upload" onSubmit={submit} noValidate aria-labelledby={`${fileId}-title`}>
      <h2 id={`${fileId}-title`} class="broadcast-subtitle">
        {props.title}
      </h2>
      {props.children}
      <div class="field">
        <label for={fileId}>{t("File (CSV or XLSX)")}</label>
        <input
          id={fileId}
          ref={input}
          type="file"
          accept={ACCEPT}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          aria-describedby={`${fileId}-hint`}
        />
        <p id={`${fileId}-hint`} class="field-hint">
          {props.hint}
        </p>
      </div>
      {busy && (
        <div class="broadcast-progress">
          <progress max={1} value={progress} aria-label={props.progressLabel} />
          <span aria-live="polite">
            {progress < 1 ? t("Uploading… {percent}%", { percent: Math.round(progress * 100) }) : props.finishing}
          </span>
        </div>
      )}
      {result && <Alert tone="success">{result}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      {problems.length > 0 && <ProblemTable problems={problems} headingRef={heading} />}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          <Icon name="upload" size={18} />
          <span>{busy ? props.busyLabel : props.submitLabel}</span>
        </button>
      </div>
    </form>
  );
}

/** Every problem of a refused file, by row and column as the spreadsheet shows them. */
function ProblemTable({
  problems,
  headingRef,
}: {
  problems: ListErrorView[];
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  return (
    <section class="broadcast-problems" aria-labelledby="list-problems-title">
      <h3 id="list-problems-title" ref={headingRef} tabIndex={-1}>
        {problems.length === 1
          ? t("1 problem in the file")
          : t("{count} problems in the file", { count: problems.length })}
      </h3>
      <div class="table-scroll">
        <table class="data-table" data-testid="list-problems">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t("Row")}
              </th>
              <th scope="col">{t("Column")}</th>
              <th scope="col">{t("Problem")}</th>
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
