/**
 * Whether the organization's WhatsApp balance is low (rule B7): the inbox shows a banner then, so
 * the team hears of it before sends start failing with `insufficient_balance`. Every role may ask
 * (`GET /api/billing/usage` answers non-admins with `lowBalance` only); the API decides what "low" is.
 */
import { signal } from "@preact/signals";
import { billingApi } from "../api-billing";

export const lowBalance = signal(false);

/** Asked again this often while the app is open and visible. */
const REFRESH_MS = 2 * 60_000;

let timer: ReturnType<typeof setInterval> | undefined;
let latest = 0;

export async function refreshLowBalance(): Promise<void> {
  const id = ++latest;
  try {
    const usage = await billingApi.billingUsage();
    if (id === latest) lowBalance.value = usage.lowBalance;
  } catch {
    // Not knowing is not a reason to warn; the next refresh tries again.
  }
}

/** Sets the value from a usage report already fetched (Finance), without another request. */
export function noteLowBalance(value: boolean) {
  latest++;
  lowBalance.value = value;
}

const onVisible = () => {
  if (document.visibilityState === "visible") void refreshLowBalance();
};

export function startBalanceWatch() {
  stopBalanceWatch();
  void refreshLowBalance();
  timer = setInterval(onVisible, REFRESH_MS);
  document.addEventListener("visibilitychange", onVisible);
}

export function stopBalanceWatch() {
  clearInterval(timer);
  document.removeEventListener("visibilitychange", onVisible);
  latest++;
  lowBalance.value = false;
}
