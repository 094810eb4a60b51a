/**
 * The template form's header section (rule T2): none, a text with at most one variable and its
 * sample, or a media sample that is checked, then uploaded as soon as it is chosen.
 */
import type { MediaHeaderFormat } from "../../../../worker/domain/template-rules";
import { api } from "../../api";
import { Icon } from "../../components/Icon";
import { fileSize } from "../../format";
import { t } from "../../i18n";
import { checkSampleFile, draftState, type HeaderChoice } from "./draft";
import { type DraftFields, Errors, TextField } from "./Fields";
import { uploadErrorText } from "./form-helpers";

/** English words shown through t() (I13). */
const HEADER_CHOICES: { value: HeaderChoice; label: string }[] = [
  { value: "NONE", label: "None" },
  { value: "TEXT", label: "Text" },
  { value: "IMAGE", label: "Image" },
  { value: "VIDEO", label: "Video" },
  { value: "DOCUMENT", label: "Document" },
];

const ACCEPT: Record<MediaHeaderFormat, string> = {
  IMAGE: "image/jpeg,image/png",
  VIDEO: "video/mp4,video/3gpp",
  DOCUMENT: "application/pdf",
};
const SAMPLE_WORDS: Record<MediaHeaderFormat, string> = {
  IMAGE: "A JPEG or PNG image, at most 6 MB.",
  VIDEO: "An MP4 or 3GP video, at most 10 MB.",
  DOCUMENT: "A PDF document, at most 100 MB.",
};

export function HeaderSection({ fields }: { fields: DraftFields }) {
  const { id, draft, update, shown } = fields;
  const mediaFormat = draft.header !== "NONE" && draft.header !== "TEXT" ? draft.header : null;
  return (
    <section class="admin-card" aria-labelledby={`${id}-header`}>
      <h2 id={`${id}-header`}>
        {t("Header")} <span class="optional">{t("optional")}</span>
      </h2>
      <fieldset class="choice-row">
        <legend class="visually-hidden">{t("Header type")}</legend>
        {HEADER_CHOICES.map((h) => (
          <label key={h.value} class={draft.header === h.value ? "selected" : ""}>
            <input
              type="radio"
              name={`${id}-header-kind`}
              value={h.value}
              checked={draft.header === h.value}
              onChange={() => {
                if (draft.media) URL.revokeObjectURL(draft.media.previewUrl);
                update({ header: h.value, media: null });
              }}
            />
            <span>{t(h.label)}</span>
          </label>
        ))}
      </fieldset>
      {draft.header === "TEXT" && (
        <>
          <TextField
            id={`${id}-header-text`}
            label={t("Header text")}
            value={draft.headerText}
            onInput={(v) => update({ headerText: v }, "header.text")}
            errors={shown("header.text")}
            hint={t("At most 60 characters, with at most one variable {{1}}.")}
            maxLength={60}
          />
          {/\{\{/.test(draft.headerText) && (
            <TextField
              id={`${id}-header-sample`}
              label={t("Sample for the header's {{1}}")}
              value={draft.headerSample}
              onInput={(v) => update({ headerSample: v }, "header.sample")}
              errors={shown("header.sample")}
              maxLength={200}
            />
          )}
        </>
      )}
      {mediaFormat && <MediaSampleField fields={fields} format={mediaFormat} />}
    </section>
  );
}

function MediaSampleField({ fields, format }: { fields: DraftFields; format: MediaHeaderFormat }) {
  const { id, draft, update, shown } = fields;

  const chooseFile = async (file: File | null) => {
    const previous = draftState.value.media;
    if (previous) URL.revokeObjectURL(previous.previewUrl);
    if (!file || draft.header === "NONE" || draft.header === "TEXT") {
      update({ media: null }, "header.media");
      return;
    }
    const base = { file, previewUrl: URL.createObjectURL(file), uploaded: null };
    const problem = checkSampleFile(draft.header, file);
    if (problem) {
      update({ media: { ...base, status: "failed", error: problem } }, "header.media");
      return;
    }
    update({ media: { ...base, status: "uploading", error: null } }, "header.media");
    try {
      const uploaded = await api.uploadTemplateSample(file);
      if (draftState.value.media?.file !== file) return;
      draftState.value = { ...draftState.value, media: { ...base, status: "ready", uploaded, error: null } };
    } catch (error) {
      if (draftState.value.media?.file !== file) return;
      draftState.value = { ...draftState.value, media: { ...base, status: "failed", error: uploadErrorText(error) } };
    }
  };

  return (
    <div class={`field${shown("header.media") ? " field-invalid" : ""}`}>
      <label for={`${id}-sample`}>{t("Sample {kind}", { kind: t(format.toLowerCase()) })}</label>
      <input
        id={`${id}-sample`}
        class="file-input"
        type="file"
        accept={ACCEPT[format]}
        aria-invalid={shown("header.media") ? "true" : undefined}
        aria-describedby={`${id}-sample-hint`}
        onChange={(event) => void chooseFile(event.currentTarget.files?.[0] ?? null)}
      />
      <p id={`${id}-sample-hint`} class="field-hint">
        {t(SAMPLE_WORDS[format])} {t("WhatsApp's reviewers see it; customers get the file you send later.")}
      </p>
      {draft.media && (
        <p class="sample-status" role="status">
          {draft.media.status === "uploading" ? (
            <>
              <span class="spinner spinner-xs" aria-hidden="true" />{" "}
              {t("Uploading {name}…", { name: draft.media.file.name })}
            </>
          ) : draft.media.status === "ready" ? (
            <>
              <Icon name="check" size={16} />{" "}
              {t("{name} ({size}) uploaded.", { name: draft.media.file.name, size: fileSize(draft.media.file.size) })}
            </>
          ) : null}
        </p>
      )}
      <Errors id={`${id}-sample-error`} errors={shown("header.media")} />
    </div>
  );
}
