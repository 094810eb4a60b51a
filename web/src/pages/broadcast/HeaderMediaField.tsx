/**
 * The header file of a template with an IMAGE, VIDEO or DOCUMENT header (rule T3), in the New
 * campaign form: a public https link, or a file uploaded now (with progress), or the template's own
 * sample. Every recipient gets the same file.
 */
import { useState } from "preact/hooks";
import { api } from "../../api";
import type { CreateCampaignBody } from "../../api-campaigns";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import { Input } from "../admin/common";

export type HeaderMedia = CreateCampaignBody["headerMedia"];
type Mode = "sample" | "link" | "upload";

/** English words (the keys of t()) of each kind of header file. */
const HEADER_WORDS = {
  IMAGE: { title: "Header image", link: "Header image link", file: "Header image file" },
  VIDEO: { title: "Header video", link: "Header video link", file: "Header video file" },
  DOCUMENT: { title: "Header document", link: "Header document link", file: "Header document file" },
} as const;
const ACCEPT = { IMAGE: "image/jpeg,image/png", VIDEO: "video/mp4,video/3gpp", DOCUMENT: "application/pdf" } as const;

export function HeaderMediaField(props: {
  format: "IMAGE" | "VIDEO" | "DOCUMENT";
  hasSample: boolean;
  onChange: (media: HeaderMedia | null) => void;
}) {
  const [mode, setMode] = useState<Mode>(props.hasSample ? "sample" : "link");
  const [link, setLink] = useState("");
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
    if (next === "sample") props.onChange(undefined);
    else if (next === "link") props.onChange(link.startsWith("https://") ? { link } : null);
    else props.onChange(uploaded ? { mediaId: uploaded } : null);
  };
  const typeLink = (value: string) => {
    setLink(value);
    props.onChange(value.startsWith("https://") ? { link: value.trim() } : null);
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const media = await api.upload(file);
      setUploaded(media.id);
      props.onChange({ mediaId: media.id });
    } catch (err) {
      setError(describeError(err));
      props.onChange(null);
    } finally {
      setUploading(false);
    }
  };

  return (
    <fieldset class="broadcast-choice" data-testid="header-media">
      <legend>{t(HEADER_WORDS[props.format].title)}</legend>
      {props.hasSample && (
        <label>
          <input type="radio" name="header-media" checked={mode === "sample"} onChange={() => choose("sample")} />{" "}
          {t("The template's sample")}
        </label>
      )}
      <label>
        <input type="radio" name="header-media" checked={mode === "link"} onChange={() => choose("link")} />{" "}
        {t("A link")}
      </label>
      <label>
        <input type="radio" name="header-media" checked={mode === "upload"} onChange={() => choose("upload")} />{" "}
        {t("Upload a file")}
      </label>
      {mode === "link" && (
        <Input
          label={t(HEADER_WORDS[props.format].link)}
          value={link}
          onInput={typeLink}
          placeholder="https://…" // i18n-ignore: an example address
          maxLength={2000}
        />
      )}
      {mode === "upload" && (
        <div class="field">
          <label for="header-media-file">{t(HEADER_WORDS[props.format].file)}</label>
          <input
            id="header-media-file"
            type="file"
            accept={ACCEPT[props.format]}
            disabled={uploading}
            onChange={(e) => void upload(e.currentTarget.files?.[0])}
          />
          {uploading && (
            <p class="muted" role="status" aria-live="polite">
              <span class="spinner" aria-hidden="true" /> {t("Uploading…")}
            </p>
          )}
          {uploaded && !uploading && <p class="muted">{t("Uploaded.")}</p>}
        </div>
      )}
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
