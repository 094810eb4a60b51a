/**
 * Rule T4: the one-time-code step. Opening the dialog emails a 6-digit code to the signed-in user
 * (`POST /api/otp {purpose}`); the user types it and `onConfirm(code)` does the guarded request.
 * The code's own refusals are answered here, in words: `otp_invalid` (try again or send a new code),
 * `otp_locked` (wait, with the Retry-After time), `otp_rate_limited`, `otp_required`. Any other
 * failure goes back to the page through `onError`, and the dialog closes.
 *
 * A native <dialog> opened with showModal(): focus moves in and stays in, Escape cancels.
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError, api, type OtpPurpose, type OtpSent } from "../api";
import { describeError } from "../errors";
import { clockTime } from "../format";
import { useNow } from "../hooks";
import { t } from "../i18n";
import { Alert } from "./Alert";
import { Icon } from "./Icon";
import "./otp-dialog.css";

const OTP_ERRORS = new Set(["otp_invalid", "otp_locked", "otp_rate_limited", "otp_required"]);
export const isOtpError = (error: unknown): error is ApiError =>
  error instanceof ApiError && OTP_ERRORS.has(error.code);

interface OtpDialogProps {
  purpose: OtpPurpose;
  title: string;
  /** What the code is for, in a sentence. */
  intro: string;
  /** The label of the button that sends the code with the guarded request. */
  actionLabel: string;
  busyLabel: string;
  onConfirm: (code: string) => Promise<void>;
  onError: (error: unknown) => void;
  onClose: () => void;
}

export function OtpDialog(props: OtpDialogProps) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  const [sent, setSent] = useState<OtpSent | null>(null);
  const [sending, setSending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState(0);
  const now = useNow(5_000);
  const locked = lockedUntil > now;
  const expired = sent !== null && now >= sent.expiresAt;

  const refuse = (error: unknown) => {
    setProblem(describeError(error));
    if (error instanceof ApiError && error.code === "otp_locked") {
      setLockedUntil(Date.now() + (error.retryAfterSeconds ?? 15 * 60) * 1000);
    }
  };

  const send = async () => {
    setSending(true);
    setProblem(null);
    try {
      setSent(await api.requestOtp(props.purpose));
      setCode("");
      input.current?.focus();
    } catch (error) {
      if (isOtpError(error)) refuse(error);
      else setProblem(describeError(error));
    } finally {
      setSending(false);
    }
  };

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    void send();
    return () => {
      if (el?.open) el.close();
    };
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || locked) return;
    if (!/^\d{6}$/.test(code)) {
      setProblem(t("Enter the 6 digits of the code."));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await props.onConfirm(code);
    } catch (error) {
      if (isOtpError(error)) {
        refuse(error);
        setCode("");
        input.current?.focus();
      } else {
        props.onError(error);
        props.onClose();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="otp-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) props.onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <div class="otp-head">
          <span class="otp-icon" aria-hidden="true">
            <Icon name="shield" size={22} />
          </span>
          <h2 id={`${id}-title`}>{props.title}</h2>
        </div>
        <p id={`${id}-intro`} class="muted">
          {props.intro}
        </p>
        <p class="otp-sent" role="status">
          {sending
            ? t("Sending a code to your email…")
            : sent
              ? expired
                ? t("This code has expired. Send a new one.")
                : t("We emailed a 6-digit code to {email}. It works once, until {time}.", {
                    email: sent.sentTo,
                    time: clockTime(sent.expiresAt),
                  })
              : ""}
        </p>
        <div class={`field${problem ? " field-invalid" : ""}`}>
          <label for={`${id}-code`}>{t("6-digit code")}</label>
          <input
            ref={input}
            id={`${id}-code`}
            class="otp-input"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            disabled={locked}
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onInput={(event) => {
              const digits = event.currentTarget.value.replace(/\D/g, "").slice(0, 6);
              event.currentTarget.value = digits;
              setCode(digits);
              if (!locked) setProblem(null);
            }}
          />
        </div>
        {problem && (
          <div id={`${id}-problem`}>
            <Alert tone="error">{problem}</Alert>
          </div>
        )}
        <div class="otp-actions">
          <button type="button" class="link-button" onClick={() => void send()} disabled={sending || busy || locked}>
            {sending ? t("Sending…") : t("Send a new code")}
          </button>
          <span class="otp-buttons">
            <button type="button" class="button" onClick={props.onClose} disabled={busy}>
              {t("Cancel")}
            </button>
            <button type="submit" class="button button-primary" disabled={busy || locked || sending}>
              {busy ? props.busyLabel : props.actionLabel}
            </button>
          </span>
        </div>
      </form>
    </dialog>
  );
}
