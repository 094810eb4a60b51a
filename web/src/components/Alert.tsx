import type { ComponentChildren } from "preact";

interface AlertProps {
  tone: "error" | "info" | "success";
  children: ComponentChildren;
}

/** A message box. Errors are announced at once (role=alert); the rest politely (role=status). */
export function Alert({ tone, children }: AlertProps) {
  return (
    <div class={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
