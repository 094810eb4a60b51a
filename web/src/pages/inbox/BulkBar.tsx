import { signal } from "@preact/signals";
import { useState } from "preact/hooks";
import { api, type BulkBody } from "../../api";
import { Alert } from "../../components/Alert";
import { describeCode, describeError } from "../../errors";
import { t } from "../../i18n";
import { labels } from "../../state/filters";
import { applyRoom, loadList, rooms } from "../../state/inbox";
import { me } from "../../state/session";
import { members } from "../../state/team";

/** Issue 17: the rooms ticked in the list for a bulk action. */
export const selected = signal<ReadonlySet<string>>(new Set());
/** The list shows its checkboxes only while selecting, so a keyboard user tabs through one stop a room. */
export const selecting = signal(false);

export function SelectToggle() {
  return (
    <button
      type="button"
      class="button button-small button-quiet"
      aria-pressed={selecting.value}
      onClick={() => {
        selecting.value = !selecting.value;
        if (!selecting.value) selected.value = new Set();
      }}
    >
      {t("Select")}
    </button>
  );
}

export function toggleSelected(roomId: string, on: boolean) {
  const next = new Set(selected.value);
  if (on) next.add(roomId);
  else next.delete(roomId);
  selected.value = next;
}

/**
 * Issue 17 item 3: resolve, assign or label the ticked rooms in one request. The API applies it room by
 * room; the rooms it could not change stay ticked, each with its reason.
 */
export function BulkBar() {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [target, setTarget] = useState("");
  const count = selected.value.size;
  if (count === 0 && !report) return null;
  const supervises = me.value?.organization.role !== "agent";

  const run = async (body: BulkBody) => {
    setBusy(true);
    setReport(null);
    try {
      const { results } = await api.bulk(body);
      const failed = results.filter((r) => !r.ok);
      const done = results.length - failed.length;
      selected.value = new Set(failed.map((r) => r.roomId));
      for (const r of results) if (r.ok) void api.room(r.roomId).then(applyRoom, () => {});
      void loadList();
      const reasons = failed.map((r) => `${nameOf(r.roomId)}: ${describeCode(r.code ?? "")}`).join("; ");
      setReport(
        failed.length === 0
          ? {
              tone: "success",
              text: done === 1 ? t("Done for 1 conversation.") : t("Done for {count} conversations.", { count: done }),
            }
          : {
              tone: "error",
              text: t("Done for {done}; not for {failed} ({reasons}).", { done, failed: failed.length, reasons }),
            },
      );
    } catch (error) {
      setReport({ tone: "error", text: describeError(error) });
    } finally {
      setBusy(false);
    }
  };
  const roomIds = [...selected.value];
  const [kind, id] = target.split(":");

  return (
    <section class="bulk-bar" aria-label={t("Bulk actions")}>
      {count > 0 && (
        <div class="bulk-row">
          <span class="bulk-count" aria-live="polite">
            {t("{count} selected", { count })}
          </span>
          <button
            type="button"
            class="button button-small button-primary"
            disabled={busy}
            onClick={() => void run({ action: "resolve", roomIds })}
          >
            {busy ? t("Working…") : t("Resolve")}
          </button>
          <label class="bulk-target">
            <span class="visually-hidden">{t("Assign or label")}</span>
            <select value={target} onChange={(e) => setTarget(e.currentTarget.value)} disabled={busy}>
              <option value="">{t("Assign or label…")}</option>
              {supervises &&
                members.value.map((m) => (
                  <option key={m.id} value={`assign:${m.id}`}>
                    {t("Assign to {name}", { name: m.name })}
                  </option>
                ))}
              {labels.value.map((l) => (
                <option key={l.id} value={`label:${l.id}`}>
                  {t("Label {name}", { name: l.name })}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="button button-small"
            disabled={busy || !id}
            onClick={() =>
              void run(
                kind === "assign"
                  ? { action: "assign", userId: id ?? "", roomIds }
                  : { action: "label", labelId: id ?? "", roomIds },
              )
            }
          >
            {t("Apply")}
          </button>
          <button type="button" class="button button-small button-quiet" onClick={() => (selected.value = new Set())}>
            {t("Clear")}
          </button>
        </div>
      )}
      {report && (
        <div class="bulk-report">
          <Alert tone={report.tone}>{report.text}</Alert>
          <button type="button" class="button button-small button-quiet" onClick={() => setReport(null)}>
            {t("Dismiss")}
          </button>
        </div>
      )}
    </section>
  );
}

function nameOf(roomId: string): string {
  const room = rooms.value.get(roomId);
  return room ? (room.contactName ?? room.contactExternalId) : roomId;
}
