/**
 * Finance > Billing usage (rules B1-B8), admins only: what is left now, what a month used (by
 * category and by day), every ledger entry with the conversation it came from, and top-ups.
 *
 * Every figure is the API's (`GET /api/billing/usage`, `GET /api/billing/ledger`); the page only
 * formats them, the Indonesian way (Rp 100.000).
 */
import { useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import { api, type BillingUsage, type LedgerEntry, type Role, type TopupWallet, type Wallets } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, rupiah } from "../../format";
import { location, navigate } from "../../router";
import { noteLowBalance } from "../../state/billing";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { problemOf } from "../admin/common";
import "./finance.css";
import { MIN_TOPUP as TOPUP_MINIMUMS } from "../../../../worker/domain/pricing";

type Category = "service" | "MARKETING" | "UTILITY" | "AUTHENTICATION";
const CATEGORIES: { key: Category; label: string; hint: string }[] = [
  { key: "service", label: "Service", hint: "Replies to customers (24 h from the first reply)" },
  { key: "MARKETING", label: "Marketing", hint: "Business-initiated: offers, announcements" },
  { key: "UTILITY", label: "Utility", hint: "Business-initiated: order and account updates" },
  { key: "AUTHENTICATION", label: "Authentication", hint: "Business-initiated: one-time codes" },
];

/** The minimum top-ups of the API (worker/schemas/billing.ts; voice: rule B8). The API checks them too. */
const MIN_TOPUP: Record<TopupWallet, number> = TOPUP_MINIMUMS;
const MAX_TOPUP = 1_000_000_000;
const QUICK_AMOUNTS = [50_000, 100_000, 250_000, 500_000];

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "2026-07" in a time zone, for `now`. */
function monthIn(timeZone: string, now = Date.now()): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(now);
    const year = parts.find((p) => p.type === "year")?.value;
    const month = parts.find((p) => p.type === "month")?.value;
    if (year && month) return `${year}-${month}`;
  } catch {
    // An unknown time zone: fall back to the browser's.
  }
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

const monthFormat = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return monthFormat.format(Date.UTC(y, m - 1, 1));
}

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
function dayLabelOf(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return dayFormat.format(Date.UTC(y, m - 1, d));
}

/** Every day of a month, "2026-07-01" .. "2026-07-31". */
function monthDays(month: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

function selectedMonth(): string | undefined {
  const month = new URLSearchParams(location.value.search).get("month");
  return month && MONTH_RE.test(month) ? month : undefined;
}

export function FinancePage({ role }: { role: Role }) {
  useTitle(`Billing usage · ${me.value?.organization.name ?? ""}`);
  if (role !== "admin") {
    return (
      <div class="page-scroll">
        <div class="page">
          <h1 tabIndex={-1} class="visually-hidden">
            Billing usage
          </h1>
          <Empty icon="lock" title="Only admins can open Finance">
            Balances, usage and top-ups are for the admins of your organization. Ask one if you need them.
          </Empty>
        </div>
      </div>
    );
  }
  return <BillingUsagePage />;
}

function BillingUsagePage() {
  const month = selectedMonth();
  const [usage, setUsage] = useState<{
    status: "loading" | "ready" | "error";
    data: BillingUsage | null;
    error: string | null;
  }>({
    status: "loading",
    data: null,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  const [ledgerVersion, setLedgerVersion] = useState(0);
  const latest = useRef(0);

  const load = async () => {
    const id = ++latest.current;
    setUsage((u) => ({ ...u, status: u.data ? u.status : "loading", error: null }));
    try {
      const data = await api.billingUsage(month);
      if (id !== latest.current) return;
      setUsage({ status: "ready", data, error: null });
      noteLowBalance(data.lowBalance);
    } catch (error) {
      if (id !== latest.current) return;
      setUsage((u) => ({ status: "error", data: u.data, error: describeError(error) }));
    }
  };

  useEffect(() => {
    void load();
  }, [month, attempt]);

  const data = usage.data;
  const shownMonth = data?.month ?? month ?? "";

  return (
    <div class="page-scroll">
      <div class="page finance">
        <div class="page-head">
          <div>
            <p class="eyebrow">Finance</p>
            <h1 tabIndex={-1}>Billing usage</h1>
            <p class="muted">
              What is left now, and what {shownMonth ? monthLabel(shownMonth) : "this month"} used.
              {data && <> Days and months are counted in {data.timeZone} time.</>}
            </p>
          </div>
          {data && <MonthPicker month={data.month} timeZone={data.timeZone} />}
        </div>

        {usage.status === "loading" && !data ? (
          <Loading label="Loading billing usage…" />
        ) : usage.status === "error" && !data ? (
          <Failed message={usage.error ?? ""} onRetry={() => setAttempt((n) => n + 1)} />
        ) : data && !data.billed ? (
          <Empty icon="wallet" title="No package yet">
            This organization has no billing package, so nothing is charged or counted.
          </Empty>
        ) : data ? (
          <>
            {usage.error && <Alert tone="error">{usage.error}</Alert>}
            <Remaining usage={data} />
            <Topup
              onDone={(remaining) => {
                setUsage((u) => (u.data ? { ...u, data: { ...u.data, remaining } } : u));
                setAttempt((n) => n + 1);
                setLedgerVersion((n) => n + 1);
              }}
            />
            <MonthUsage usage={data} />
            <ByDay usage={data} />
            <Ledger version={ledgerVersion} timeZone={data.timeZone} />
          </>
        ) : null}
      </div>
    </div>
  );
}

function MonthPicker({ month, timeZone }: { month: string; timeZone: string }) {
  const id = useId();
  const current = monthIn(timeZone);
  const options = Array.from({ length: 12 }, (_, i) => shiftMonth(current, -i));
  if (!options.includes(month)) options.push(month);
  return (
    <div class="field month-picker">
      <label for={id}>Month</label>
      <select
        id={id}
        value={month}
        onChange={(event) => {
          const value = event.currentTarget.value;
          navigate(value === current ? "/finance" : `/finance?month=${value}`);
        }}
      >
        {options.map((m) => (
          <option key={m} value={m}>
            {monthLabel(m)}
            {m === current ? " (this month)" : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

// ---- remaining balances --------------------------------------------------------------------------

function Remaining({ usage }: { usage: BillingUsage }) {
  const left = usage.remaining;
  const pkg = usage.package;
  if (!left) return null;
  return (
    <section class="finance-section" aria-labelledby="remaining-title">
      <h2 id="remaining-title">Remaining now</h2>
      {usage.lowBalance && (
        <Alert tone="error">
          The WhatsApp balance is running low. Top up below so replies and template messages keep going out.
        </Alert>
      )}
      <ul class="figures" aria-label="Remaining balances">
        <Figure
          id="conversationCredit"
          label="Conversation credit"
          value={count(left.conversationCredit)}
          of={pkg ? `of ${count(pkg.monthlyConversationCredit)} this month` : undefined}
          ratio={pkg ? left.conversationCredit / Math.max(1, pkg.monthlyConversationCredit) : undefined}
          hint="Free service conversations; then the WhatsApp balance pays."
        />
        <Figure
          id="muvQuota"
          label="MUV quota"
          value={count(left.muvQuota)}
          of={pkg ? `of ${count(pkg.muvQuota)} this month` : undefined}
          ratio={pkg ? left.muvQuota / Math.max(1, pkg.muvQuota) : undefined}
          hint={
            pkg
              ? `Monthly unique visitors; each one beyond costs ${rupiah(pkg.prices.muv)}.`
              : "Monthly unique visitors."
          }
        />
        <Figure
          id="packageBalance"
          label="Package balance"
          value={rupiah(left.packageBalance)}
          of={pkg ? `of ${rupiah(pkg.packageBalance)} this month` : undefined}
          ratio={pkg ? left.packageBalance / Math.max(1, pkg.packageBalance) : undefined}
          hint="WhatsApp balance of the package: used first, reset every month."
        />
        <Figure
          id="topupBalance"
          label="Top-up balance"
          value={rupiah(left.topupBalance)}
          hint="WhatsApp balance you added: used after the package, carries over."
        />
        <Figure
          id="voiceBalance"
          label="Voice balance"
          value={rupiah(left.voiceBalance)}
          hint="For WhatsApp calls; an outbound call needs at least Rp 50.000."
        />
      </ul>
    </section>
  );
}

function Figure(props: {
  id: string;
  label: string;
  value: string;
  of?: string | undefined;
  ratio?: number | undefined;
  hint: string;
}) {
  const low = props.ratio !== undefined && props.ratio < 0.1;
  return (
    <li class={`figure${low ? " figure-low" : ""}`} data-testid={`remaining-${props.id}`}>
      <span class="figure-label">{props.label}</span>
      <span class="figure-value" data-testid="value">
        {props.value}
      </span>
      {props.of && <span class="figure-of">{props.of}</span>}
      {props.ratio !== undefined && (
        <span class="meter" aria-hidden="true">
          <span class="meter-fill" style={{ width: `${Math.max(0, Math.min(1, props.ratio)) * 100}%` }} />
        </span>
      )}
      <span class="figure-hint">{props.hint}</span>
    </li>
  );
}

// ---- top-up ----------------------------------------------------------------------------------------

function parseAmount(text: string): number | null {
  const digits = text.replace(/[^\d]/g, "");
  if (!digits) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

function Topup({ onDone }: { onDone: (remaining: Wallets) => void }) {
  const id = useId();
  const [wallet, setWallet] = useState<TopupWallet>("whatsapp");
  const [text, setText] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  // One key per intended top-up: a retry after a lost answer is credited once (Idempotency-Key).
  const key = useRef<string | null>(null);

  const amount = parseAmount(text);
  const min = MIN_TOPUP[wallet];
  const problem =
    amount === null
      ? "Enter an amount in rupiah."
      : amount < min
        ? `A ${wallet === "voice" ? "voice" : "WhatsApp"} top-up is at least ${rupiah(min)}.`
        : amount > MAX_TOPUP
          ? `At most ${rupiah(MAX_TOPUP)} at once.`
          : null;
  const walletName = wallet === "voice" ? "voice balance" : "WhatsApp top-up balance";

  const change = (next: () => void) => {
    next();
    key.current = null;
    setResult(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (problem || amount === null || busy) return;
    key.current ??= crypto.randomUUID();
    setBusy(true);
    setResult(null);
    try {
      const done = await api.topup({ wallet, amount }, key.current);
      key.current = null;
      setText("");
      setTouched(false);
      setResult({
        tone: "success",
        text: done.credited
          ? `${rupiah(amount)} was added to the ${walletName}.`
          : "This top-up was already credited; nothing was added twice.",
      });
      onDone(done.remaining);
    } catch (error) {
      // A network failure keeps the key: trying again cannot credit twice.
      setResult({ tone: "error", text: problemOf(error).fields.amount ?? describeError(error) });
    } finally {
      setBusy(false);
    }
  };

  const showProblem = touched && problem;
  return (
    <section class="finance-section" aria-labelledby={`${id}-title`}>
      <form class="admin-card topup" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
        <div class="topup-head">
          <h2 id={`${id}-title`}>Top up</h2>
          <p class="muted small">Credited at once. Top-up balance carries over from month to month.</p>
        </div>
        <fieldset class="segmented">
          <legend>Balance</legend>
          {(["whatsapp", "voice"] as const).map((w) => (
            <label key={w} class={wallet === w ? "selected" : ""}>
              <input
                type="radio"
                name={`${id}-wallet`}
                value={w}
                checked={wallet === w}
                onChange={() => change(() => setWallet(w))}
              />
              <Icon name={w === "voice" ? "phone" : "chat"} size={16} />
              <span>{w === "voice" ? "Voice balance" : "WhatsApp balance"}</span>
            </label>
          ))}
        </fieldset>
        <div class={`field${showProblem ? " field-invalid" : ""}`}>
          <label for={`${id}-amount`}>Amount</label>
          <div class="amount-input">
            <span class="amount-unit" aria-hidden="true">
              Rp
            </span>
            <input
              id={`${id}-amount`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={text}
              placeholder={count(min)}
              aria-invalid={showProblem ? "true" : undefined}
              aria-describedby={`${id}-amount-hint${showProblem ? ` ${id}-amount-error` : ""}`}
              onInput={(event) => {
                const raw = event.currentTarget.value;
                const n = parseAmount(raw);
                change(() => setText(n === null ? "" : count(n)));
              }}
              onBlur={() => setTouched(true)}
            />
          </div>
          <p id={`${id}-amount-hint`} class="field-hint">
            {wallet === "voice"
              ? `At least ${rupiah(MIN_TOPUP.voice)}: an outbound call needs that much to start.`
              : `At least ${rupiah(MIN_TOPUP.whatsapp)}.`}
          </p>
          {showProblem && (
            <p id={`${id}-amount-error`} class="field-error">
              {problem}
            </p>
          )}
          <fieldset class="quick-amounts">
            <legend class="visually-hidden">Common amounts</legend>
            {QUICK_AMOUNTS.map((n) => (
              <button
                key={n}
                type="button"
                class={`chip-button${amount === n ? " pressed" : ""}`}
                aria-pressed={amount === n}
                onClick={() => change(() => setText(count(n)))}
              >
                {rupiah(n)}
              </button>
            ))}
          </fieldset>
        </div>
        {result && <Alert tone={result.tone}>{result.text}</Alert>}
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            <Icon name="plus" size={18} />
            <span>{busy ? "Topping up…" : amount ? `Top up ${rupiah(amount)}` : "Top up"}</span>
          </button>
        </div>
      </form>
    </section>
  );
}

// ---- the month: by category, by day ----------------------------------------------------------------

function MonthUsage({ usage }: { usage: BillingUsage }) {
  const prices = usage.package?.prices;
  const label = monthLabel(usage.month);
  return (
    <section class="finance-section" aria-labelledby="month-title">
      <h2 id="month-title">Used in {label}</h2>
      <ul class="stats" aria-label={`Totals for ${label}`}>
        <Stat id="conversations" label="Conversations" value={count(usage.conversations.total)} />
        <Stat id="uniqueVisitors" label="Unique visitors" value={count(usage.uniqueVisitors)} />
        <Stat id="spend" label="Spent from WhatsApp balance" value={rupiah(usage.spend.rupiah)} />
        <Stat
          id="conversationCreditUsed"
          label="Conversation credit used"
          value={count(usage.spend.conversationCreditUsed)}
        />
        <Stat id="muvQuotaUsed" label="MUV quota used" value={count(usage.spend.muvQuotaUsed)} />
      </ul>
      <div class="table-scroll">
        <table class="data-table" aria-label={`Conversations by category, ${label}`}>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" class="num">
                Conversations
              </th>
              <th scope="col" class="num">
                Price each
              </th>
            </tr>
          </thead>
          <tbody>
            {CATEGORIES.map((c) => (
              <tr key={c.key} data-testid={`category-${c.key}`}>
                <th scope="row">
                  <span class={`dot dot-${c.key.toLowerCase()}`} aria-hidden="true" />
                  {c.label}
                  <span class="cell-hint category-hint">{c.hint}</span>
                </th>
                <td class="num" data-testid="value">
                  {count(usage.conversations[c.key])}
                </td>
                <td class="num">{prices ? rupiah(prices[c.key]) : "–"}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="category-total">
              <th scope="row">Total</th>
              <td class="num" data-testid="value">
                {count(usage.conversations.total)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function Stat({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <li class="stat" data-testid={`usage-${id}`}>
      <span class="stat-value" data-testid="value">
        {value}
      </span>
      <span class="stat-label">{label}</span>
    </li>
  );
}

function ByDay({ usage }: { usage: BillingUsage }) {
  const label = monthLabel(usage.month);
  const days = usage.byDay;
  const totalOf = (d: BillingUsage["byDay"][number]) =>
    d.conversations.service + d.conversations.MARKETING + d.conversations.UTILITY + d.conversations.AUTHENTICATION;
  const max = Math.max(1, ...days.map(totalOf));
  const byDay = new Map(days.map((d) => [d.day, d]));
  return (
    <section class="finance-section" aria-labelledby="days-title">
      <h2 id="days-title">By day</h2>
      {days.length === 0 ? (
        <p class="muted">Nothing was used in {label}.</p>
      ) : (
        <>
          <div class="day-chart" aria-hidden="true">
            {monthDays(usage.month).map((day) => {
              const d = byDay.get(day);
              const total = d ? totalOf(d) : 0;
              const n = Number(day.slice(8));
              return (
                <div key={day} class="day-bar" title={`${dayLabelOf(day)}: ${count(total)} conversations`}>
                  <div class="day-bar-area">
                    {d && total > 0 && (
                      <div class="day-bar-stack" style={{ height: `${(total / max) * 100}%` }}>
                        {CATEGORIES.map((c) =>
                          d.conversations[c.key] > 0 ? (
                            <span
                              key={c.key}
                              class={`day-bar-segment dot-${c.key.toLowerCase()}`}
                              style={{ flexGrow: d.conversations[c.key] }}
                            />
                          ) : null,
                        )}
                      </div>
                    )}
                  </div>
                  <span class="day-bar-label">{n === 1 || n % 5 === 0 ? n : ""}</span>
                </div>
              );
            })}
          </div>
          <ul class="chart-legend" aria-hidden="true">
            {CATEGORIES.map((c) => (
              <li key={c.key}>
                <span class={`dot dot-${c.key.toLowerCase()}`} />
                {c.label}
              </li>
            ))}
          </ul>
          <div class="table-scroll">
            <table class="data-table" aria-label={`Usage by day, ${label}`}>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {CATEGORIES.map((c) => (
                    <th key={c.key} scope="col" class="num">
                      {c.label}
                    </th>
                  ))}
                  <th scope="col" class="num">
                    Spent
                  </th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.day} data-testid={`day-${d.day}`}>
                    <th scope="row">
                      <time dateTime={d.day}>{dayLabelOf(d.day)}</time>
                    </th>
                    {CATEGORIES.map((c) => (
                      <td key={c.key} class="num" data-category={c.key}>
                        {count(d.conversations[c.key])}
                      </td>
                    ))}
                    <td class="num" data-testid="spend">
                      {rupiah(d.spend)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

// ---- the ledger ------------------------------------------------------------------------------------

const REASONS: Record<string, string> = {
  service_conversation: "Service conversation",
  business_conversation: "Business-initiated conversation",
  unique_visitor: "Unique visitor",
  refund: "Refund: the message was not sent",
  topup: "Top-up",
  grant: "Grant",
  monthly_reset: "Monthly reset",
};
const WALLETS: Record<string, { label: string; money: boolean; unit?: [string, string] }> = {
  conversation_credit: { label: "Conversation credit", money: false, unit: ["conversation", "conversations"] },
  muv_quota: { label: "MUV quota", money: false, unit: ["visitor", "visitors"] },
  package_balance: { label: "Package balance", money: true },
  topup_balance: { label: "Top-up balance", money: true },
  voice_balance: { label: "Voice balance", money: true },
};
const CATEGORY_NAMES: Record<string, string> = {
  MARKETING: "marketing",
  UTILITY: "utility",
  AUTHENTICATION: "authentication",
};

function reasonOf(entry: LedgerEntry): string {
  const base = REASONS[entry.reason] ?? entry.reason.replace(/_/g, " ");
  if (entry.reason === "business_conversation" && entry.category && CATEGORY_NAMES[entry.category]) {
    return `Business-initiated conversation (${CATEGORY_NAMES[entry.category]})`;
  }
  return base;
}

export function ledgerAmount(entry: LedgerEntry): string {
  const wallet = WALLETS[entry.wallet];
  if (!wallet || wallet.money) return `${entry.amount > 0 ? "+" : ""}${rupiah(entry.amount)}`;
  const [one, many] = wallet.unit ?? ["", ""];
  const sign = entry.amount > 0 ? "+" : entry.amount < 0 ? "−" : "";
  return `${sign}${count(Math.abs(entry.amount))} ${Math.abs(entry.amount) === 1 ? one : many}`;
}

/** Dates and times in the organization's time zone, like the days and months of the usage. */
function zonedFormats(timeZone: string) {
  const make = (options: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    } catch {
      return new Intl.DateTimeFormat(undefined, options);
    }
  };
  return {
    date: make({ day: "numeric", month: "short", year: "numeric" }),
    time: make({ hour: "2-digit", minute: "2-digit" }),
    full: make({ dateStyle: "medium", timeStyle: "long" }),
  };
}

function Ledger({ version, timeZone }: { version: number; timeZone: string }) {
  const formats = useMemo(() => zonedFormats(timeZone), [timeZone]);
  const [entries, setEntries] = useState<LedgerEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api
      .ledger({ limit: 25 })
      .then((page) => {
        if (cancelled) return;
        setEntries(page.entries);
        setNext(page.nextCursor);
        setStatus("ready");
      })
      .catch((err) => {
        if (cancelled) return;
        setError(describeError(err));
        setStatus((s) => (s === "ready" ? s : "error"));
      });
    return () => {
      cancelled = true;
    };
  }, [version, attempt]);

  const more = async () => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await api.ledger({ cursor: next, limit: 25 });
      setEntries((list) => [...list, ...page.entries.filter((e) => !list.some((k) => k.id === e.id))]);
      setNext(page.nextCursor);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section class="finance-section" aria-labelledby="ledger-title">
      <h2 id="ledger-title">Ledger</h2>
      <p class="muted small">
        Every use of credit or money, newest first, free credit included. Each charge links to the conversation it came
        from.
      </p>
      {status === "loading" ? (
        <Loading label="Loading the ledger…" />
      ) : status === "error" ? (
        <Failed message={error ?? ""} onRetry={() => setAttempt((n) => n + 1)} />
      ) : entries.length === 0 ? (
        <p class="muted">No entries yet.</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="data-table ledger" aria-label="Ledger">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col" class="num">
                    Amount
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">Conversation</span>
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
                      <span class="cell-hint">{WALLETS[e.wallet]?.label ?? e.wallet}</span>
                    </td>
                    <td class={`num nowrap ${e.amount < 0 ? "debit" : "credit"}`}>{ledgerAmount(e)}</td>
                    <td class="nowrap">
                      {e.roomId ? (
                        <Link href={`/rooms/${encodeURIComponent(e.roomId)}`} class="table-link">
                          Open conversation
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {error && <Alert tone="error">{error}</Alert>}
          {next && (
            <div class="list-more">
              <button type="button" class="button button-quiet" onClick={() => void more()} disabled={loadingMore}>
                {loadingMore ? "Loading…" : "Show older entries"}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
