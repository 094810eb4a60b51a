import type { ComponentChildren } from "preact";
import { t } from "../i18n";
import { Icon, type IconName } from "./Icon";

/** A spinner with words, announced politely. */
export function Loading({ label }: { label?: string }) {
  return (
    <div class="state state-loading" role="status">
      <span class="spinner spinner-sm" aria-hidden="true" />
      <span>{label ?? t("Loading…")}</span>
    </div>
  );
}

/** Nothing to show (yet): an icon, a heading and a sentence. */
export function Empty({ icon, title, children }: { icon: IconName; title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <span class="state-icon">
        <Icon name={icon} size={28} />
      </span>
      <h2>{title}</h2>
      {children && <p>{children}</p>}
    </div>
  );
}

/** A failure, in words, with a way to try again. */
export function Failed({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <span class="state-icon">
        <Icon name="alert" size={28} />
      </span>
      <p>{message}</p>
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          <Icon name="refresh" size={16} />
          {t("Try again")}
        </button>
      )}
    </div>
  );
}
