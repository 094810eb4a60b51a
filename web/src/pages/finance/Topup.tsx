/** Finance > top-up: an amount into a wallet (B1, B8), checked here and again by the API. */
import { useId, useRef, useState } from "preact/hooks";
import { MIN_TOPUP as TOPUP_MINIMUMS } from "../../../../worker/domain/pricing";
import { billingApi, type TopupWallet, type Wallets } from "../../api-billing";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { count, rupiah } from "../../format";
import { t } from "../../i18n";
import { problemOf } from "../admin/common";

/** The minimum top-ups of the API (worker/schemas/billing.ts; voice: rule B8). The API checks them too. */
const MIN_TOPUP: Record<TopupWallet, number> = TOPUP_MINIMUMS;
const MAX_TOPUP = 1_000_000_000;
const QUICK_AMOUNTS = [50_000, 100_000, 250_000, 500_000];

function parseAmount(text: string): number | null {
  const digits = text.replace(/[^\d]/g, "");
  if (!digits) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

export function Topup({ onDone }: { onDone: (remaining: Wallets) => void }) {
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
      ? t("Enter an amount in rupiah.")
      : amount < min
        ? wallet === "voice"
          ? t("A voice top-up is at least {amount}.", { amount: rupiah(min) })
          : t("A WhatsApp top-up is at least {amount}.", { amount: rupiah(min) })
        : amount > MAX_TOPUP
          ? t("At most {amount} at once.", { amount: rupiah(MAX_TOPUP) })
          : null;

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
      const done = await billingApi.topup({ wallet, amount }, key.current);
      key.current = null;
      setText("");
      setTouched(false);
      setResult({
        tone: "success",
        text: done.credited
          ? wallet === "voice"
            ? t("{amount} was added to the voice balance.", { amount: rupiah(amount) })
            : t("{amount} was added to the WhatsApp top-up balance.", { amount: rupiah(amount) })
          : t("This top-up was already credited; nothing was added twice."),
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
          <h2 id={`${id}-title`}>{t("Top up")}</h2>
          <p class="muted small">{t("Credited at once. Top-up balance carries over from month to month.")}</p>
        </div>
        <fieldset class="segmented">
          <legend>{t("Balance")}</legend>
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
              <span>{w === "voice" ? t("Voice balance") : t("WhatsApp balance")}</span>
            </label>
          ))}
        </fieldset>
        <div class={`field${showProblem ? " field-invalid" : ""}`}>
          <label for={`${id}-amount`}>{t("Amount")}</label>
          <div class="amount-input">
            <span class="amount-unit" aria-hidden="true">
              {/* i18n-ignore: the currency's sign */}Rp
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
              ? t("At least {amount}: an outbound call needs that much to start.", { amount: rupiah(MIN_TOPUP.voice) })
              : t("At least {amount}.", { amount: rupiah(MIN_TOPUP.whatsapp) })}
          </p>
          {showProblem && (
            <p id={`${id}-amount-error`} class="field-error">
              {problem}
            </p>
          )}
          <fieldset class="quick-amounts">
            <legend class="visually-hidden">{t("Common amounts")}</legend>
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
            <span>
              {busy ? t("Topping up…") : amount ? t("Top up {amount}", { amount: rupiah(amount) }) : t("Top up")}
            </span>
          </button>
        </div>
      </form>
    </section>
  );
}
