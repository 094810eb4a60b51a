import type { ComponentChildren } from "preact";
import { t } from "../i18n";

interface AlertProps {
  tone: "error" | "info" | "success";
  children: ComponentChildren;
  /** A failed load that can be tried again without leaving what is shown: a "Try again" after the words. */
  onRetry?: () => void;
}

/** A message box. Errors are announced at once (role=alert); the rest politely (role=status). */
export function Alert({ tone, children, onRetry }: AlertProps) {
  return (
    <div class={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
      {onRetry && (
        <>
          {" "}
          <button type="button" class="link-button" onClick={onRetry}>
            {t("Try again")}
          </button>
        </>
      )}
    </div>
  );
}
