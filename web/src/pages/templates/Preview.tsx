/**
 * A template as the customer's WhatsApp shows it: *bold*, _italic_ and ~strikethrough~ rendered,
 * variables highlighted (their sample value when given, `{{n}}` otherwise), the header, the footer
 * and the buttons under the bubble. The formatting rules are the API's (`previewSegments`).
 */
import type { ComponentChildren } from "preact";
import { type PreviewSegment, previewSegments } from "../../../../worker/domain/template-rules";
import { Icon, type IconName } from "../../components/Icon";
import { t } from "../../i18n";

/** Styled runs of a text, for anywhere a template's text is shown. */
export function Formatted({ text, values = [] }: { text: string; values?: readonly string[] }) {
  return (
    <>
      {previewSegments(text, values).map((segment, i) => (
        <Segment key={i} segment={segment} />
      ))}
    </>
  );
}

function Segment({ segment }: { segment: PreviewSegment }) {
  let node: ComponentChildren = segment.text;
  if (segment.variable !== null) {
    const filled = segment.text !== `{{${segment.variable}}}`;
    node = (
      <mark
        class={`wa-var${filled ? "" : " wa-var-empty"}`}
        title={t("Variable {variable}", { variable: `{{${segment.variable}}}` })}
      >
        {segment.text}
      </mark>
    );
  }
  if (segment.strike) node = <s>{node}</s>;
  if (segment.italic) node = <em>{node}</em>;
  if (segment.bold) node = <strong>{node}</strong>;
  return <>{node}</>;
}

export interface PreviewButton {
  type: "QUICK_REPLY" | "PHONE_NUMBER" | "URL";
  text: string;
}

export interface PreviewProps {
  header:
    | { kind: "none" }
    | { kind: "text"; text: string; sample: string }
    | { kind: "image" | "video" | "document"; url: string | null; filename: string | null };
  body: string;
  samples: readonly string[];
  footer: string;
  buttons: readonly PreviewButton[];
}

const BUTTON_ICONS: Record<PreviewButton["type"], IconName> = {
  QUICK_REPLY: "reply",
  PHONE_NUMBER: "phone",
  URL: "external",
};

export function WhatsAppPreview(props: PreviewProps) {
  const { header } = props;
  return (
    <div class="wa-screen" data-testid="whatsapp-preview">
      <div class="wa-message">
        <div class="wa-bubble">
          {header.kind === "text" && header.text.trim() && (
            <p class="wa-header-text" data-testid="preview-header">
              <Formatted text={header.text} values={[header.sample]} />
            </p>
          )}
          {header.kind === "image" && (
            <div class="wa-media" data-testid="preview-header">
              {header.url ? (
                <img src={header.url} alt={t("Header sample")} />
              ) : (
                <MediaPlaceholder icon="file" label={t("Image")} />
              )}
            </div>
          )}
          {header.kind === "video" && (
            <div class="wa-media" data-testid="preview-header">
              {header.url ? (
                <video src={header.url} muted preload="metadata" aria-label={t("Header sample video")} />
              ) : (
                <MediaPlaceholder icon="file" label={t("Video")} />
              )}
            </div>
          )}
          {header.kind === "document" && (
            <div class="wa-document" data-testid="preview-header">
              <Icon name="file" size={22} />
              <span>{header.filename ?? t("Document")}</span>
            </div>
          )}
          <p class="wa-body" data-testid="preview-body">
            {props.body.trim() ? (
              <Formatted text={props.body} values={props.samples} />
            ) : (
              <span class="wa-placeholder">{t("Your message appears here as the customer sees it.")}</span>
            )}
          </p>
          {props.footer.trim() && (
            <p class="wa-footer" data-testid="preview-footer">
              {props.footer}
            </p>
          )}
          <span class="wa-time" aria-hidden="true">
            12:00
          </span>
        </div>
        {props.buttons.length > 0 && (
          <ul class="wa-buttons" aria-label={t("Buttons")}>
            {props.buttons.map((b, i) => (
              <li key={i}>
                <Icon name={BUTTON_ICONS[b.type]} size={16} />
                <span>{b.text.trim() || t("Button")}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function MediaPlaceholder({ icon, label }: { icon: IconName; label: string }) {
  return (
    <div class="wa-media-placeholder">
      <Icon name={icon} size={28} />
      <span>{label}</span>
    </div>
  );
}
