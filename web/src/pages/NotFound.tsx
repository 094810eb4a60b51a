import { AuthLayout } from "../components/AuthLayout";
import { Link } from "../components/Link";

export function NotFoundPage() {
  return (
    <AuthLayout title="Page not found" intro="There is no page at this address.">
      <p class="auth-footer">
        <Link href="/">Go to the inbox</Link>
      </p>
    </AuthLayout>
  );
}
