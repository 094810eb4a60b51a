/** Finance > what is left and what a month used, by category and by day (B1-B5). */
import type { BillingUsage } from "../../api-billing";
import { Alert } from "../../components/Alert";
import { count, rupiah } from "../../format";
import { t } from "../../i18n";
import { dayLabelOf, monthDays, monthLabel } from "./month";

type Category = "service" | "MARKETING" | "UTILITY" | "AUTHENTICATION";
/** English names and hints (the keys of t()), shown through t() at render. */
const CATEGORIES: { key: Category; label: string; hint: string }[] = [
  { key: "service", label: "Service", hint: "Replies to customers (24 h from the first reply)" },
  { key: "MARKETING", label: "Marketing", hint: "Business-initiated: offers, announcements" },
  { key: "UTILITY", label: "Utility", hint: "Business-initiated: order and account updates" },
  { key: "AUTHENTICATION", label: "Authentication", hint: "Business-initiated: one-time codes" },
];

// ---- remaining balances --------------------------------------------------------------------------

export function Remaining({ usage }: { usage: BillingUsage }) {
  const left = usage.remaining;
  const pkg = usage.package;
  if (!left) return null;
  return (
    <section class="finance-section" aria-labelledby="remaining-title">
      <h2 id="remaining-title">{t("Remaining now")}</h2>
      {usage.lowBalance && (
        <Alert tone="error">
          {t("The WhatsApp balance is running low. Top up below so replies and template messages keep going out.")}
        </Alert>
      )}
      <ul class="figures" aria-label={t("Remaining balances")}>
        <Figure
          id="conversationCredit"
          label={t("Conversation credit")}
          value={count(left.conversationCredit)}
          of={pkg ? t("of {total} this month", { total: count(pkg.monthlyConversationCredit) }) : undefined}
          ratio={pkg ? left.conversationCredit / Math.max(1, pkg.monthlyConversationCredit) : undefined}
          hint={t("Free service conversations; then the WhatsApp balance pays.")}
        />
        <Figure
          id="muvQuota"
          label={t("MUV quota")}
          value={count(left.muvQuota)}
          of={pkg ? t("of {total} this month", { total: count(pkg.muvQuota) }) : undefined}
          ratio={pkg ? left.muvQuota / Math.max(1, pkg.muvQuota) : undefined}
          hint={
            pkg
              ? t("Monthly unique visitors; each one beyond costs {price}.", { price: rupiah(pkg.prices.muv) })
              : t("Monthly unique visitors.")
          }
        />
        <Figure
          id="packageBalance"
          label={t("Package balance")}
          value={rupiah(left.packageBalance)}
          of={pkg ? t("of {total} this month", { total: rupiah(pkg.packageBalance) }) : undefined}
          ratio={pkg ? left.packageBalance / Math.max(1, pkg.packageBalance) : undefined}
          hint={t("WhatsApp balance of the package: used first, reset every month.")}
        />
        <Figure
          id="topupBalance"
          label={t("Top-up balance")}
          value={rupiah(left.topupBalance)}
          hint={t("WhatsApp balance you added: used after the package, carries over.")}
        />
        <Figure
          id="voiceBalance"
          label={t("Voice balance")}
          value={rupiah(left.voiceBalance)}
          hint={t("For WhatsApp calls; an outbound call needs at least Rp 50.000.")}
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

// ---- the month: by category, by day ----------------------------------------------------------------

export function MonthUsage({ usage }: { usage: BillingUsage }) {
  const prices = usage.package?.prices;
  const label = monthLabel(usage.month);
  return (
    <section class="finance-section" aria-labelledby="month-title">
      <h2 id="month-title">{t("Used in {month}", { month: label })}</h2>
      <ul class="stats" aria-label={t("Totals for {month}", { month: label })}>
        <Stat id="conversations" label={t("Conversations")} value={count(usage.conversations.total)} />
        <Stat id="uniqueVisitors" label={t("Unique visitors")} value={count(usage.uniqueVisitors)} />
        <Stat id="spend" label={t("Spent from WhatsApp balance")} value={rupiah(usage.spend.rupiah)} />
        <Stat
          id="conversationCreditUsed"
          label={t("Conversation credit used")}
          value={count(usage.spend.conversationCreditUsed)}
        />
        <Stat id="muvQuotaUsed" label={t("MUV quota used")} value={count(usage.spend.muvQuotaUsed)} />
      </ul>
      <div class="table-scroll">
        <table class="data-table" aria-label={t("Conversations by category, {month}", { month: label })}>
          <thead>
            <tr>
              <th scope="col">{t("Category")}</th>
              <th scope="col" class="num">
                {t("Conversations")}
              </th>
              <th scope="col" class="num">
                {t("Price each")}
              </th>
            </tr>
          </thead>
          <tbody>
            {CATEGORIES.map((c) => (
              <tr key={c.key} data-testid={`category-${c.key}`}>
                <th scope="row">
                  <span class={`dot dot-${c.key.toLowerCase()}`} aria-hidden="true" />
                  {t(c.label)}
                  <span class="cell-hint category-hint">{t(c.hint)}</span>
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
              <th scope="row">{t("Total")}</th>
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

export function ByDay({ usage }: { usage: BillingUsage }) {
  const label = monthLabel(usage.month);
  const days = usage.byDay;
  const totalOf = (d: BillingUsage["byDay"][number]) =>
    d.conversations.service + d.conversations.MARKETING + d.conversations.UTILITY + d.conversations.AUTHENTICATION;
  const max = Math.max(1, ...days.map(totalOf));
  const byDay = new Map(days.map((d) => [d.day, d]));
  return (
    <section class="finance-section" aria-labelledby="days-title">
      <h2 id="days-title">{t("By day")}</h2>
      {days.length === 0 ? (
        <p class="muted">{t("Nothing was used in {month}.", { month: label })}</p>
      ) : (
        <>
          <div class="day-chart" aria-hidden="true">
            {monthDays(usage.month).map((day) => {
              const d = byDay.get(day);
              const total = d ? totalOf(d) : 0;
              const n = Number(day.slice(8));
              return (
                <div
                  key={day}
                  class="day-bar"
                  title={t("{day}: {count} conversations", { day: dayLabelOf(day), count: count(total) })}
                >
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
                {t(c.label)}
              </li>
            ))}
          </ul>
          <div class="table-scroll">
            <table class="data-table" aria-label={t("Usage by day, {month}", { month: label })}>
              <thead>
                <tr>
                  <th scope="col">{t("Day")}</th>
                  {CATEGORIES.map((c) => (
                    <th key={c.key} scope="col" class="num">
                      {t(c.label)}
                    </th>
                  ))}
                  <th scope="col" class="num">
                    {t("Spent")}
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
