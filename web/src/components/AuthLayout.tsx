import type { ComponentChildren } from "preact";
import { useTitle } from "../title";
import { Link } from "./Link";
import { Logo } from "./Logo";

interface AuthLayoutProps {
  title: string;
  intro?: ComponentChildren;
  /** The one link under the card (back to sign in, forgot password…). */
  footer?: { href: string; label: string };
  children?: ComponentChildren;
}

/** The centred card of the signed-out pages: sign in, forgot and reset password. */
export function AuthLayout({ title, intro, footer, children }: AuthLayoutProps) {
  useTitle(title);
  return (
    <div class="auth">
      <main class="auth-card">
        <div class="auth-brand">
          <Logo />
          <span>{"Edge Inbox"}</span>
        </div>
        <h1 tabIndex={-1}>{title}</h1>
        {intro && <p class="auth-intro">{intro}</p>}
        {children}
        {footer && (
          <p class="auth-footer">
            <Link href={footer.href}>{footer.label}</Link>
          </p>
        )}
      </main>
    </div>
  );
}
