/** Finance > the ledger: every entry with the conversation it came from (B7). */
import { useMemo } from "preact/hooks";
import { billingApi, type LedgerEntry } from "../../api-billing";
import { Alert } from "../../components/Alert";
import { Link } from "../../components/Link";
import { ShowMore } from "../../components/ShowMore";
import { Failed, Loading } from "../../components/States";
import { count, rupiah } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { locale, t } from "../../i18n";

const REASONS: Record<string, string> = {
  service_conversation: "Service conversation",
  business_conversation: "Business-initiated conversation",
  unique_visitor: "Unique visitor",
  refund: "Refund: the message was not sent",
  topup: "Top-up",
  grant: "Grant",
  monthly_reset: "Monthly reset",
  voice_call: "WhatsApp call",
};
/** English names (the keys of t()); shown through t() at render, so a language change applies. */
const WALLETS: Record<string, { label: string; money: boolean; unit?: [string, string] }> = {
  conversation_credit: {
    label: "Conversation credit",
    money: false,
    unit: ["{count} conversation", "{count} conversations"],
  },
  muv_quota: { label: "MUV quota", money: false, unit: ["{count} visitor", "{count} visitors"] },
  package_balance: { label: "Package balance", money: true },
  topup_balance: { label: "Top-up balance", money: true },
  voice_balance: { label: "Voice balance", money: true },
};
const CATEGORY_NAMES: Record<string, string> = {
  MARKETING: "marketing",
  UTILITY: "utility",
  AUTHENTICATION: "authentication",
};

export function reasonOf(entry: LedgerEntry): string {
  const known = REASONS[entry.reason];
  const base = known ? t(known) : entry.reason.replace(/_/g, " ");
  const category = entry.category ? CATEGORY_NAMES[entry.category] : undefined;
  if (entry.reason === "business_conversation" && category) {
    return t("Business-initiated conversation ({category})", { category: t(category) });
  }
  return base;
}

function walletLabel(wallet: string): string {
  const known = WALLETS[wallet];
  return known ? t(known.label) : wallet;
}

export function ledgerAmount(entry: LedgerEntry): string {
  const wallet = WALLETS[entry.wallet];
  if (!wallet || wallet.money) return `${entry.amount > 0 ? "+" : ""}${rupiah(entry.amount)}`;
  const [one, many] = wallet.unit ?? ["{count}", "{count}"];
  const sign = ({ 1: "+", [-1]: "−" } as Record<number, string>)[Math.sign(entry.amount)] ?? "";
  return `${sign}${t(Math.abs(entry.amount) === 1 ? one : many, { count: count(Math.abs(entry.amount)) })}`;
}

/** Dates and times in the organization's time zone, like the days and months of the usage. */
export function zonedFormats(timeZone: string) {
  const make = (options: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(locale.value, { ...options, timeZone });
    } catch {
      return new Intl.DateTimeFormat(locale.value, options);
    }
  };
  return {
    date: make({ day: "numeric", month: "short", year: "numeric" }),
    time: make({ hour: "2-digit", minute: "2-digit" }),
    full: make({ dateStyle: "medium", timeStyle: "long" }),
  };
}

export function Ledger({ version, timeZone }: { version: number; timeZone: string }) {
  const formats = useMemo(() => zonedFormats(timeZone), [timeZone, locale.value]);
  // Newest first; a page after the cursor (strictly older) never repeats an entry shown.
  const paged = usePagedList(
    (cursor) =>
      billingApi.ledger({ cursor, limit: 25 }).then((page) => ({ items: page.entries, nextCursor: page.nextCursor })),
    [version],
  );
  const entries = paged.items;
  // A reload after a payment keeps the entries shown until the new first page is in.
  const shown = entries.length > 0 || paged.status === "ready";

  return (
    <section class="finance-section" aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t("Ledger")}</h2>
      <p class="muted small">
        {t(
          "Every use of credit or money, newest first, free credit included. Each charge links to the conversation it came from.",
        )}
      </p>
      {!shown && paged.status === "error" ? (
        <Failed message={paged.error ?? ""} onRetry={paged.reload} />
      ) : !shown ? (
        <Loading label={t("Loading the ledger…")} />
      ) : entries.length === 0 ? (
        <p class="muted">{t("No entries yet.")}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="data-table ledger" aria-label={t("Ledger")}>
              <thead>
                <tr>
                  <th scope="col">{t("When")}</th>
                  <th scope="col">{t("What")}</th>
                  <th scope="col" class="num">
                    {t("Amount")}
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">{t("Conversation")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-testid="ledger-entry" data-entry-id={e.id}>
                    <td class="nowrap">
                      <time dateTime={new Date(e.createdAt).toISOString()} title={formats.full.format(e.createdAt)}>
                        {formats.date.format(e.createdAt)}
                        <span class="cell-hint">{formats.time.format(e.createdAt)}</span>
                      </time>
                    </td>
                    <td>
                      {reasonOf(e)}
                      <span class="cell-hint">{walletLabel(e.wallet)}</span>
                    </td>
                    <td class={`num nowrap ${e.amount < 0 ? "debit" : "credit"}`}>{ledgerAmount(e)}</td>
                    <td class="nowrap">
                      {e.roomId ? (
                        <Link href={`/rooms/${encodeURIComponent(e.roomId)}`} class="table-link">
                          {t("Open conversation")}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {paged.error && <Alert tone="error">{paged.error}</Alert>}
          <ShowMore paged={paged} label={t("Show older entries")} />
        </>
      )}
    </section>
  );
}
