import { AuthLayout } from "../components/AuthLayout";
import { t } from "../i18n";

export function NotFoundPage() {
  return (
    <AuthLayout
      footer={{ href: "/", label: t("Go to the inbox") }}
      title={t("Page not found")}
      intro={t("There is no page at this address.")}
    />
  );
}
