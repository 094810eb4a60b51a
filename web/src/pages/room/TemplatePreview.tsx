import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import type { TemplateButton, TemplateHeader } from "../../state/library";

/** The message a template will send, as the picker's fields fill it in: header, body, footer, buttons. */
export function TemplatePreview({
  id,
  title,
  header,
  headerValue,
  bodyText,
  fields,
  footer,
  buttons,
  linkButtons,
  suffixes,
}: {
  id: string;
  title: string;
  header: TemplateHeader;
  headerValue: string;
  bodyText: string;
  fields: string[];
  footer: string;
  buttons: TemplateButton[];
  linkButtons: TemplateButton[];
  suffixes: string[];
}) {
  return (
    <div class="template-preview" aria-live="polite">
      <p class="preview-label" id={`${id}-preview-label`}>
        {t("Preview of")} <span class="preview-name">{title}</span>
      </p>
      <div class="preview-bubble">
        {header.kind === "text" && (
          <p class="preview-header" data-testid="template-preview-header">
            {renderPreview(header.text, [headerValue])}
          </p>
        )}
        {(header.kind === "image" || header.kind === "video" || header.kind === "document") && (
          <p class="preview-header preview-header-media" data-testid="template-preview-header">
            <Icon name="file" size={16} />
            {t(MEDIA_HEADER_WORDS[header.kind])}
          </p>
        )}
        <p class="preview-body" data-testid="template-preview">
          {renderPreview(bodyText, fields)}
        </p>
        {footer && <p class="preview-footer">{footer}</p>}
      </div>
      {buttons.length > 0 && (
        <ul class="preview-buttons" aria-label={t("Template buttons")} data-testid="template-preview-buttons">
          {buttons.map((button, index) => {
            const suffixIndex = linkButtons.indexOf(button);
            return (
              <li key={index}>
                <Icon
                  name={button.type === "URL" ? "external" : button.type === "PHONE_NUMBER" ? "phone" : "reply"}
                  size={14}
                />
                <span class="preview-button-text">{button.text}</span>
                {button.url && (
                  <span class="preview-button-url">
                    {suffixIndex >= 0 ? renderPreview(button.url, [suffixes[suffixIndex] ?? ""]) : button.url}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

const MEDIA_HEADER_WORDS = {
  image: "Image header: the template's sample image is sent",
  video: "Video header: the template's sample video is sent",
  document: "Document header: the template's sample document is sent",
};

function renderPreview(text: string, values: string[]) {
  const parts = text.split(/(\{\{\d+\}\})/g);
  return parts.map((part, index) => {
    const match = /^\{\{(\d+)\}\}$/.exec(part);
    if (!match) return part;
    const value = values[Number(match[1]) - 1]?.trim();
    return value ? (
      <mark key={index} class="preview-value">
        {value}
      </mark>
    ) : (
      <mark key={index} class="preview-missing">
        {part}
      </mark>
    );
  });
}
