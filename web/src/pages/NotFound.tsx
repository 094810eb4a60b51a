import { AuthLayout } from "../components/AuthLayout";

export function NotFoundPage() {
  return (
    <AuthLayout
      footer={{ href: "/", label: "Go to the inbox" }}
      title="Page not found"
      intro="There is no page at this address."
    />
  );
}
