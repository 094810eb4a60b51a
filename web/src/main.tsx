import { render } from "preact";
import { useEffect, useErrorBoundary, useRef } from "preact/hooks";
import { t } from "./i18n";
import { AppShell } from "./pages/AppShell";
import { ConfirmEmailPage } from "./pages/ConfirmEmail";
import { ForgotPasswordPage } from "./pages/ForgotPassword";
import { InvitationPage } from "./pages/Invitation";
import { LoginPage } from "./pages/Login";
import { NotFoundPage } from "./pages/NotFound";
import { ResetPasswordPage } from "./pages/ResetPassword";
import { location, matchAppRoute, navigate } from "./router";
import { loadError, loadSession, me, status } from "./state/session";
import "./state/preferences";
import "./styles.css";

/** Sends the browser elsewhere after rendering (guards for signed-in and signed-out pages). */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Page() {
  const { pathname } = location.value;
  const current = me.value;
  if (matchAppRoute(pathname).name !== "other") {
    return current ? <AppShell me={current} /> : <Redirect to="/login" />;
  }
  switch (pathname) {
    case "/login":
      return current ? <Redirect to="/" /> : <LoginPage />;
    case "/forgot-password":
      return <ForgotPasswordPage />;
    case "/reset-password":
      return <ResetPasswordPage />;
    case "/invitation":
      return <InvitationPage />;
    case "/confirm-email":
      return <ConfirmEmailPage />;
    default:
      return <NotFoundPage />;
  }
}

/** Never a blank screen: a crash in a page is shown in words, with a way back. */
function Guarded() {
  const [error, reset] = useErrorBoundary((err) => console.error(err));
  if (error) {
    return (
      <div class="boot">
        <div class="alert alert-error" role="alert">
          {t("Something went wrong while showing this page. Your messages are safe; reload to continue.")}
        </div>
        <div class="actions">
          <button type="button" class="button" onClick={reset}>
            {t("Try again")}
          </button>
          <button type="button" class="button button-primary" onClick={() => window.location.reload()}>
            {t("Reload")}
          </button>
        </div>
      </div>
    );
  }
  return <Page />;
}

function App() {
  const { pathname } = location.value;
  const firstPath = useRef(pathname);

  // After an in-app navigation, put focus on the new page's heading so screen readers announce it.
  useEffect(() => {
    if (pathname === firstPath.current) return;
    firstPath.current = "";
    // A conversation puts focus on its own heading (pages/room/RoomPane.tsx).
    if (pathname.startsWith("/rooms/")) return;
    document.querySelector<HTMLElement>("h1")?.focus();
  }, [pathname]);

  if (status.value === "loading") {
    return (
      <div class="boot" role="status">
        <span class="spinner" aria-hidden="true" />
        {t("Loading…")}
      </div>
    );
  }
  if (status.value === "error") {
    return (
      <div class="boot">
        <div class="alert alert-error" role="alert">
          {loadError.value}
        </div>
        <button
          type="button"
          class="button button-primary"
          onClick={() => {
            status.value = "loading";
            void loadSession();
          }}
        >
          {t("Try again")}
        </button>
      </div>
    );
  }
  return <Guarded />;
}

const root = document.getElementById("app");
if (root) {
  render(<App />, root);
  void loadSession();
}
