/**
 * Submitting a template (rules T1-T4): the form, a live WhatsApp preview, and every T2 rule checked
 * as the admin types by the API's own validator (see draft.ts). Submission asks for the emailed
 * code when template OTP is on and the category is MARKETING or UTILITY (T4), and shows whatever
 * the API still refuses next to the field it names. One file per section beside this one; they
 * share the draft through `DraftFields` (Fields.tsx).
 */
import type { ComponentChildren } from "preact";
import { useId, useRef, useState } from "preact/hooks";
import type { Channel } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Empty, Failed, Loading } from "../../components/States";
import { t } from "../../i18n";
import { BasicsSection } from "./BasicsSection";
import { BodySection } from "./BodySection";
import { ButtonsSection } from "./ButtonsSection";
import { type Draft, draftState, type FieldKey } from "./draft";
import type { DraftFields } from "./Fields";
import { type FormSources, useFormSources, useSubmission } from "./form-state";
import { HeaderSection } from "./HeaderSection";
import { PreviewAside, SubmitBar, SubmitOtpDialog } from "./SubmitSection";

export function TemplateForm() {
  const id = useId();
  const [attempt, setAttempt] = useState(0);
  const sources = useFormSources(attempt);
  const { channels } = sources;

  if (channels.status === "loading")
    return (
      <Shell>
        <Loading label={t("Loading…")} />
      </Shell>
    );
  if (channels.status === "error") {
    return (
      <Shell>
        <Failed message={channels.error ?? ""} onRetry={() => setAttempt((n) => n + 1)} />
      </Shell>
    );
  }
  if (channels.list.length === 0) {
    return (
      <Shell>
        <Empty icon="plug" title={t("Connect a WhatsApp number first")}>
          {t("Templates belong to a WhatsApp number. Connect one in Admin › Channels, then come back.")}
        </Empty>
      </Shell>
    );
  }
  return (
    <Shell>
      <Editor id={id} sources={sources} channels={channels.list} />
    </Shell>
  );
}

/** The form itself, once a connected number is known. */
function Editor({ id, sources, channels }: { id: string; sources: FormSources; channels: Channel[] }) {
  const draft = draftState.value;
  const form = useRef<HTMLFormElement>(null);
  const [touched, setTouched] = useState<ReadonlySet<FieldKey>>(new Set());
  const takenNames = sources.existing
    .filter((template) => template.channelId === draft.channelId)
    .map((template) => template.name);
  const submission = useSubmission(form, takenNames, sources);
  const { checked, attempted, formError } = submission;

  const touch = (field: FieldKey) => {
    if (!touched.has(field)) setTouched(new Set([...touched, field]));
  };
  const fields: DraftFields = {
    id,
    draft,
    update: (patch: Partial<Draft>, field?: FieldKey) => {
      draftState.value = { ...draftState.value, ...patch };
      submission.clearErrors();
      if (field) touch(field);
    },
    touch,
    shown: (field: FieldKey) => {
      if (!attempted && !touched.has(field)) return undefined;
      if (field === "header.media" && draft.media?.status === "uploading") return undefined;
      if (field === "header.media" && draft.media?.status === "failed" && draft.media.error) return [draft.media.error];
      return checked.byField.get(field);
    },
  };

  return (
    <>
      <form ref={form} class="template-editor" onSubmit={submission.submit} aria-label={t("New template")} noValidate>
        <div class="editor-fields">
          {formError && <Alert tone="error">{formError}</Alert>}
          <BasicsSection fields={fields} channels={channels} />
          <HeaderSection fields={fields} />
          <BodySection fields={fields} />
          <ButtonsSection fields={fields} />
        </div>
        <PreviewAside draft={draft} />
        <SubmitBar submission={submission} />
      </form>
      {submission.otpOpen && <SubmitOtpDialog name={draft.name} submission={submission} />}
    </>
  );
}

function Shell({ children }: { children: ComponentChildren }) {
  return (
    <div class="page-scroll">
      <div class="page template-page">
        <div class="page-head">
          <div>
            <Link href="/templates" class="back-link">
              <Icon name="back" size={16} />
              {t("All templates")}
            </Link>
            <h1 tabIndex={-1}>{t("New template")}</h1>
            <p class="muted">
              {t(
                "WhatsApp reviews every template before it can be sent. Problems it would reject are shown as you type.",
              )}
            </p>
          </div>
        </div>
        {children}
      </div>
    </div>
  );
}
