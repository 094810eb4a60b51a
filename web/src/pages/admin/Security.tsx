import { useState } from "preact/hooks";
import { api } from "../../api";
import { Alert } from "../../components/Alert";
import { OtpDialog } from "../../components/OtpDialog";
import { Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import { AdminSection, useResource } from "./common";

/**
 * Settings > Security (rule T4, admins): template OTP. While it is on, submitting a MARKETING or
 * UTILITY template needs a code emailed to the admin who submits it. Switching it, either way, needs
 * a code too (`POST /api/otp {purpose: "security_settings"}`, then `PUT /api/settings/security`).
 */
export function SecurityPage() {
  const security = useResource(() => api.securitySettings());
  // The value being confirmed with a code; the switch shows the saved value until then.
  const [pending, setPending] = useState<boolean | null>(null);
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const enabled = security.data?.templateOtp ?? false;

  return (
    <AdminSection title={t("Security")} intro={t("Extra checks for changes that reach your customers.")}>
      <section class="admin-card" aria-labelledby="template-otp-title">
        <h2 id="template-otp-title">{t("Template OTP")}</h2>
        <p class="muted small">
          {t(
            "Templates go out to customers under your business name. With OTP on, an admin submitting a marketing or utility template confirms it with a 6-digit code sent to their email.",
          )}
        </p>
        {security.status === "loading" ? (
          <Loading label={t("Loading security settings…")} />
        ) : security.status === "error" && !security.data ? (
          <Failed message={security.error ?? ""} onRetry={() => void security.reload()} />
        ) : (
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              checked={enabled}
              aria-checked={enabled}
              aria-describedby="template-otp-hint"
              disabled={pending !== null}
              onChange={(event) => {
                const wanted = event.currentTarget.checked;
                // Unchanged until the code is confirmed.
                event.currentTarget.checked = enabled;
                setResult(null);
                setPending(wanted);
              }}
            />
            <span class="switch-track" aria-hidden="true" />
            <span>
              <strong>{t("Ask for an emailed code when a marketing or utility template is submitted")}</strong>
              <span id="template-otp-hint" class="field-hint">
                {enabled ? t("On.") : t("Off.")} {t("Turning it on or off needs a code sent to your email.")}
              </span>
            </span>
          </label>
        )}
        {result && <Alert tone={result.tone}>{result.text}</Alert>}
      </section>
      {pending !== null && (
        <OtpDialog
          purpose="security_settings"
          title={pending ? t("Turn on template OTP") : t("Turn off template OTP")}
          intro={
            pending
              ? t(
                  "Confirm with the code we email you. From then on, submitting a marketing or utility template needs a code too.",
                )
              : t("Confirm with the code we email you. Templates can then be submitted without a code.")
          }
          actionLabel={pending ? t("Turn on") : t("Turn off")}
          busyLabel={t("Saving…")}
          onConfirm={async (code) => {
            const saved = await api.saveSecuritySettings({ templateOtp: pending, otpCode: code });
            security.set(saved);
            setPending(null);
            setResult({
              tone: "success",
              text: saved.templateOtp
                ? t("Template OTP is on. Submitting a marketing or utility template now needs an emailed code.")
                : t("Template OTP is off. Templates are submitted without a code."),
            });
          }}
          onError={(error) => setResult({ tone: "error", text: describeError(error) })}
          onClose={() => setPending(null)}
        />
      )}
    </AdminSection>
  );
}
