import { useEffect, useState } from "preact/hooks";
import { type WebhookDelivery, webhooksApi } from "../../api-webhooks";
import { Alert } from "../../components/Alert";
import { Failed, Loading } from "../../components/States";
import { fullTime } from "../../format";
import { t } from "../../i18n";
import { problemOf } from "./common";

/** English words shown through t() (I13). */
const STATUS_WORDS: Record<WebhookDelivery["status"], string> = {
  pending: "Trying",
  delivered: "Delivered",
  failed: "Not delivered",
  dead: "Gave up",
};

/** `fresh`: how many of the deliveries, from the top, came with the last refresh of the first page. */
type Pages = { deliveries: WebhookDelivery[]; nextCursor: string | null; fresh: number };

/**
 * The first page, fresh, with the older pages already shown kept below it (a refresh while a
 * delivery is trying does not take away what "Show older deliveries" brought).
 */
function refreshed(shown: Pages | null, first: { deliveries: WebhookDelivery[]; nextCursor: string | null }): Pages {
  const fresh = first.deliveries.length;
  if (!shown || shown.deliveries.length <= fresh) return { ...first, fresh };
  const ids = new Set(first.deliveries.map((d) => d.id));
  return {
    deliveries: [...first.deliveries, ...shown.deliveries.filter((d) => !ids.has(d.id))],
    nextCursor: shown.nextCursor,
    fresh,
  };
}

/** An endpoint's attempt log, newest first, a page at a time; refreshed while a delivery is still trying. */
export function DeliveryLog({ endpointId, version }: { endpointId: string; version: number }) {
  const [pages, setPages] = useState<Pages | null>(null);
  /** The log could not be read: shown in place of the log when there is none yet, above it otherwise. */
  const [loadError, setLoadError] = useState<string | null>(null);
  /** A replay or an older page that failed: said above the log, which stays. */
  const [actionError, setActionError] = useState<string | null>(null);
  const [replaying, setReplaying] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    webhooksApi.webhookDeliveries(endpointId).then(
      (page) => {
        if (!live) return;
        setPages((shown) => refreshed(shown, page));
        setLoadError(null);
      },
      (err) => live && setLoadError(problemOf(err).message),
    );
    return () => {
      live = false;
    };
  }, [endpointId, version, tick]);

  // Only the refreshed rows say whether something is still trying (older pages are as they were loaded).
  const trying = pages?.deliveries.slice(0, pages.fresh).some((d) => d.status === "pending") ?? false;
  // Re-armed on every tick, so a refresh that failed is simply tried again a second later.
  useEffect(() => {
    if (!trying) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 1000);
    return () => clearTimeout(timer);
  }, [trying, pages, tick]);

  const retry = () => setTick((n) => n + 1);
  if (!pages) {
    return loadError ? <Failed message={loadError} onRetry={retry} /> : <Loading label={t("Loading attempts…")} />;
  }
  const more = async () => {
    if (!pages.nextCursor || loadingMore) return;
    setLoadingMore(true);
    setActionError(null);
    try {
      const next = await webhooksApi.webhookDeliveries(endpointId, pages.nextCursor);
      setPages((shown) =>
        shown
          ? { deliveries: [...shown.deliveries, ...next.deliveries], nextCursor: next.nextCursor, fresh: shown.fresh }
          : shown,
      );
    } catch (err) {
      setActionError(problemOf(err).message);
    } finally {
      setLoadingMore(false);
    }
  };
  const replay = async (id: string) => {
    setReplaying(id);
    setActionError(null);
    try {
      await webhooksApi.replayWebhookDelivery(id);
      retry();
    } catch (err) {
      setActionError(problemOf(err).message);
    } finally {
      setReplaying(null);
    }
  };
  return (
    <div class="webhook-log">
      {actionError && <Alert tone="error">{actionError}</Alert>}
      {loadError && !trying && (
        <Alert tone="error" onRetry={retry}>
          {loadError}
        </Alert>
      )}
      {pages.deliveries.length === 0 ? (
        <p class="muted small">{t("Nothing was sent to this endpoint yet.")}</p>
      ) : (
        <table aria-label={t("Deliveries")}>
          <thead>
            <tr>
              <th scope="col">{t("Event")}</th>
              <th scope="col">{t("Status")}</th>
              <th scope="col">{t("Attempts")}</th>
              <th scope="col">{t("Last answer")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("Actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pages.deliveries.map((d) => {
              const last = d.log[0];
              return (
                <tr key={d.id} data-testid={`delivery-${d.id}`}>
                  <td>
                    <code>{d.eventType}</code>
                    <div class="muted small">{fullTime(d.createdAt)}</div>
                  </td>
                  <td>{t(STATUS_WORDS[d.status])}</td>
                  <td>{d.attempts}</td>
                  <td>
                    {last ? (
                      <span title={last.excerpt ?? last.error ?? ""}>
                        {last.statusCode ?? t("no answer")} · {last.latencyMs} ms
                        {last.error && <div class="muted small">{last.error}</div>}
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button button-small"
                      disabled={replaying !== null}
                      onClick={() => void replay(d.id)}
                    >
                      {replaying === d.id ? t("Sending…") : t("Send again")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pages.nextCursor && (
        <button
          type="button"
          class="button button-small"
          disabled={loadingMore}
          aria-busy={loadingMore}
          onClick={() => void more()}
        >
          {loadingMore ? t("Loading…") : t("Show older deliveries")}
        </button>
      )}
      {trying && <Alert tone="info">{t("Retrying… this list refreshes by itself.")}</Alert>}
    </div>
  );
}
