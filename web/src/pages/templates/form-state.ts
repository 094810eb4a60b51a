/**
 * The template form's state beside the draft: what it loads (the connected numbers, the names already
 * taken, whether template OTP is on) and its submission (rules T1-T4), with the API's refusals kept
 * to show next to the fields they name.
 */
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { TemplateRuleError } from "../../../../worker/domain/template-rules";
import { ApiError, api, type Channel, type Template } from "../../api";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { loadTemplates } from "../../state/library";
import { focusFirstInvalid } from "../../validate";
import { type Checked, checkDraft, type Draft, draftState, forgetDraft, numbersWithTemplates } from "./draft";
import { ruleErrorsOf } from "./form-helpers";
import { flash } from "./labels";

export interface FormSources {
  channels: { status: "loading" | "ready" | "error"; list: Channel[]; error: string | null };
  existing: Template[];
  otpOn: boolean;
  setOtpOn: (on: boolean) => void;
}

/** Loads what the form needs (again when `attempt` changes), picking a connected number when none is. */
export function useFormSources(attempt: number): FormSources {
  const [channels, setChannels] = useState<FormSources["channels"]>({ status: "loading", list: [], error: null });
  const [existing, setExisting] = useState<Template[]>([]);
  const [otpOn, setOtpOn] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setChannels((c) => ({ ...c, status: "loading", error: null }));
    api
      .channels()
      .then(({ channels: list }) => {
        if (cancelled) return;
        const usable = numbersWithTemplates(list).filter((c) => c.connected);
        setChannels({ status: "ready", list: usable, error: null });
        const first = usable[0];
        if (first && !usable.some((c) => c.id === draftState.value.channelId)) {
          draftState.value = { ...draftState.value, channelId: first.id };
        }
      })
      .catch((error) => !cancelled && setChannels({ status: "error", list: [], error: describeError(error) }));
    // Names already used (T1: unique per number), and whether OTP is on (T4). Either may fail
    // quietly: the API checks both again on submission.
    api
      .templates()
      .then((r) => !cancelled && setExisting(r.templates))
      .catch(() => {});
    api
      .securitySettings()
      .then((s) => !cancelled && setOtpOn(s.templateOtp))
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  return { channels, existing, otpOn, setOtpOn };
}

/** Submits the checked draft; on success the draft is forgotten and the list says so. */
async function sendDraft(draft: Draft, checked: Checked, otpCode?: string) {
  const created = await api.createTemplate({
    channelId: draft.channelId,
    name: draft.name,
    category: draft.category,
    language: draft.language,
    components: checked.components as Parameters<typeof api.createTemplate>[0]["components"],
    ...(otpCode ? { otpCode } : {}),
  });
  forgetDraft();
  flash.value = t("{name} was submitted. WhatsApp reviews it; its status below updates by itself.", {
    name: created.name,
  });
  void loadTemplates(true);
  navigate("/templates");
}

export type Submission = ReturnType<typeof useSubmission>;

/**
 * The draft checked by the API's validator (with what the API still refused), and its submission:
 * asking for the emailed code first when template OTP is on for its category (T4).
 */
export function useSubmission(
  form: RefObject<HTMLFormElement | null>,
  takenNames: readonly string[],
  sources: FormSources,
) {
  const draft = draftState.value;
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TemplateRuleError[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [otpOpen, setOtpOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const checked = checkDraft(draft, takenNames, serverErrors);
  const otpNeeded = sources.otpOn && (draft.category === "MARKETING" || draft.category === "UTILITY");

  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.code === "validation_failed") {
      setServerErrors(ruleErrorsOf(error));
      setAttempted(true);
      setFormError(t("WhatsApp would not accept this template yet. Fix what is marked below."));
      focusFirstInvalid(form.current);
      return;
    }
    if (error instanceof ApiError && error.code === "otp_required") {
      // Template OTP was switched on meanwhile: ask for the code now.
      sources.setOtpOn(true);
      setOtpOpen(true);
      return;
    }
    setFormError(describeError(error));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setAttempted(true);
    setFormError(null);
    if (draft.media?.status === "uploading") {
      setFormError(t("Wait until the header sample has finished uploading."));
      return;
    }
    if (checked.errors.length > 0) {
      focusFirstInvalid(form.current);
      return;
    }
    if (otpNeeded) {
      setOtpOpen(true);
      return;
    }
    setBusy(true);
    try {
      await sendDraft(draft, checked);
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  return {
    checked,
    attempted,
    formError,
    otpNeeded,
    otpOpen,
    busy,
    submit,
    failed,
    /** A change to the draft: what the API refused before no longer stands. */
    clearErrors: () => {
      setServerErrors([]);
      setFormError(null);
    },
    confirmOtp: async (code: string) => {
      await sendDraft(draft, checked, code);
      setOtpOpen(false);
    },
    closeOtp: () => setOtpOpen(false),
  };
}
