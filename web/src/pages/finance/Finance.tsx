/**
 * Finance > Billing usage (rules B1-B8), admins only: what is left now, what a month used (by
 * category and by day), every ledger entry with the conversation it came from, and top-ups.
 *
 * Every figure is the API's (`GET /api/billing/usage`, `GET /api/billing/ledger`); the page only
 * formats them, the Indonesian way (Rp 100.000).
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Role } from "../../api";
import { type BillingUsage, billingApi } from "../../api-billing";
import { Alert } from "../../components/Alert";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { navigate } from "../../router";
import { noteLowBalance } from "../../state/billing";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import "./finance.css";
import { t } from "../../i18n";
import { Ledger } from "./Ledger";
import { monthIn, monthLabel, selectedMonth, shiftMonth } from "./month";
import { Topup } from "./Topup";
import { ByDay, MonthUsage, Remaining } from "./Usage";

export function FinancePage({ role }: { role: Role }) {
  useTitle(t("Billing usage · {organization}", { organization: me.value?.organization.name ?? "" }));
  if (role !== "admin") {
    return (
      <div class="page-scroll">
        <div class="page">
          <h1 tabIndex={-1} class="visually-hidden">
            {t("Billing usage")}
          </h1>
          <Empty icon="lock" title={t("Only admins can open Finance")}>
            {t("Balances, usage and top-ups are for the admins of your organization. Ask one if you need them.")}
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
    /** The month asked for when `data` was loaded (undefined: this month); null before the first. */
    loadedFor?: string | null | undefined;
  }>({
    status: "loading",
    data: null,
    error: null,
    loadedFor: null,
  });
  const [attempt, setAttempt] = useState(0);
  const [ledgerVersion, setLedgerVersion] = useState(0);
  const latest = useRef(0);

  const load = async () => {
    const id = ++latest.current;
    setUsage((u) => ({ ...u, status: u.data ? u.status : "loading", error: null }));
    try {
      const data = await billingApi.billingUsage(month);
      if (id !== latest.current) return;
      setUsage({ status: "ready", data, error: null, loadedFor: month });
      noteLowBalance(data.lowBalance);
    } catch (error) {
      if (id !== latest.current) return;
      setUsage((u) => ({ ...u, status: "error", error: describeError(error) }));
    }
  };

  useEffect(() => {
    void load();
  }, [month, attempt]);

  const data = usage.data;
  const shownMonth = data?.month ?? month ?? "";
  // Another month was picked and is on its way: the picker says which, the figures are still the old ones.
  const switching = data !== null && usage.loadedFor !== month && usage.status !== "error";

  return (
    <div class="page-scroll">
      <div class="page finance">
        <div class="page-head">
          <div>
            <p class="eyebrow">{t("Finance")}</p>
            <h1 tabIndex={-1}>{t("Billing usage")}</h1>
            <p class="muted">
              {t("What is left now, and what {month} used.", {
                month: shownMonth ? monthLabel(shownMonth) : t("this month"),
              })}
              {data && <> {t("Days and months are counted in {timeZone} time.", { timeZone: data.timeZone })}</>}
            </p>
          </div>
          {data && <MonthPicker month={month ?? monthIn(data.timeZone)} timeZone={data.timeZone} busy={switching} />}
        </div>

        {usage.status === "loading" && !data ? (
          <Loading label={t("Loading billing usage…")} />
        ) : usage.status === "error" && !data ? (
          <Failed message={usage.error ?? ""} onRetry={() => setAttempt((n) => n + 1)} />
        ) : data && !data.billed ? (
          <Empty icon="wallet" title={t("No package yet")}>
            {t("This organization has no billing package, so nothing is charged or counted.")}
          </Empty>
        ) : data ? (
          <>
            {usage.error && (
              <Alert tone="error" onRetry={() => setAttempt((n) => n + 1)}>
                {usage.error}
              </Alert>
            )}
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

function MonthPicker({ month, timeZone, busy }: { month: string; timeZone: string; busy: boolean }) {
  const id = useId();
  const current = monthIn(timeZone);
  const options = Array.from({ length: 12 }, (_, i) => shiftMonth(current, -i));
  if (!options.includes(month)) options.push(month);
  return (
    <div class="field month-picker" aria-busy={busy}>
      <label for={id}>{t("Month")}</label>
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
            {m === current ? t(" (this month)") : ""}
          </option>
        ))}
      </select>
      {busy && <span class="field-hint">{t("Loading {month}…", { month: monthLabel(month) })}</span>}
    </div>
  );
}
