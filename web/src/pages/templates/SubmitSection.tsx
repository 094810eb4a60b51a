/**
 * The template form's right side and bottom: the live WhatsApp preview, every problem left before
 * WhatsApp would accept the template, Discard / Submit, and the emailed-code step (rule T4).
 */
import { Icon } from "../../components/Icon";
import { OtpDialog } from "../../components/OtpDialog";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { type Draft, forgetDraft } from "./draft";
import { previewHeaderOf } from "./form-helpers";
import type { Submission } from "./form-state";
import { WhatsAppPreview } from "./Preview";
import { ruleMessage } from "./rule-words";

export function PreviewAside({ draft }: { draft: Draft }) {
  return (
    <aside class="editor-preview" aria-label={t("Preview")}>
      <p class="preview-title">{t("Preview")}</p>
      <WhatsAppPreview
        header={previewHeaderOf(draft)}
        body={draft.body}
        samples={draft.bodySamples}
        footer={draft.footer}
        buttons={draft.buttons}
      />
      <p class="field-hint">{t("Variables show their sample, highlighted; customers see the values you send.")}</p>
    </aside>
  );
}

export function SubmitBar({ submission }: { submission: Submission }) {
  const { checked, attempted, otpNeeded, busy } = submission;
  const problems = checked.errors.length;
  return (
    <div class="editor-submit">
      {attempted && problems > 0 && (
        <div class="alert alert-error" role="alert">
          <strong>
            {problems === 1
              ? t("1 problem to fix before WhatsApp will accept this template:")
              : t("{count} problems to fix before WhatsApp will accept this template:", { count: problems })}
          </strong>
          <ul class="problem-list">
            {checked.errors.map((e) => (
              <li key={`${e.path}-${e.code}`}>{ruleMessage(e.message)}</li>
            ))}
          </ul>
        </div>
      )}
      {otpNeeded && (
        <p class="otp-note">
          <Icon name="shield" size={16} />
          {t("Template OTP is on: you confirm this submission with a code emailed to you.")}
        </p>
      )}
      <div class="form-actions">
        <button
          type="button"
          class="button"
          onClick={() => {
            forgetDraft();
            navigate("/templates");
          }}
        >
          {t("Discard")}
        </button>
        <button type="submit" class="button button-primary" disabled={busy}>
          <Icon name="send" size={18} />
          <span>{busy ? t("Submitting…") : t("Submit for review")}</span>
        </button>
      </div>
    </div>
  );
}

export function SubmitOtpDialog({ name, submission }: { name: string; submission: Submission }) {
  return (
    <OtpDialog
      purpose="template_submit"
      title={t("Confirm with the emailed code")}
      intro={t("Template OTP is on: submitting {name} needs the code we email you.", {
        name: name || t("this template"),
      })}
      actionLabel={t("Submit for review")}
      busyLabel={t("Submitting…")}
      onConfirm={submission.confirmOtp}
      onError={submission.failed}
      onClose={submission.closeOtp}
    />
  );
}
