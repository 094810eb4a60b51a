import type { ComponentChildren } from "preact";
import { useTitle } from "../title";
import { Logo } from "./Logo";

interface AuthLayoutProps {
  title: string;
  intro?: ComponentChildren;
  children: ComponentChildren;
}

/** The centred card of the signed-out pages: sign in, forgot and reset password. */
export function AuthLayout({ title, intro, children }: AuthLayoutProps) {
  useTitle(title);
  return (
    <div class="auth">
      <main class="auth-card">
        <div class="auth-brand">
          <Logo />
          <span>Edge Inbox</span>
        </div>
        <h1 tabIndex={-1}>{title}</h1>
        {intro && <p class="auth-intro">{intro}</p>}
        {children}
      </main>
    </div>
  );
}
