import { useState } from "preact/hooks";
import { api, type Member, type Role } from "../../api";
import { Alert } from "../../components/Alert";
import { Empty, Failed, Loading } from "../../components/States";
import { t } from "../../i18n";
import { refreshMe } from "../../state/session";
import { loadTeam } from "../../state/team";
import { AddButton, AdminSection, FormActions, Input, problemOf, Select, useResource } from "./common";
import { roleHint, roleName, roleOptions } from "./roles";
import { UserRow } from "./UserRow";

/**
 * Rules A3, A4, I7: only admins invite people, change their name, email and role, and remove them.
 * Rule A1 (issue 11, finding 1): never a password here: people choose their own from the mailed
 * invitation, and a changed email works once its owner confirms it.
 */
export function UsersPage() {
  const users = useResource(() => api.users().then((r) => r.users));
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = users.data ?? [];

  const changed = (message: string) => {
    setNotice(message);
    void users.reload();
    void loadTeam();
    void refreshMe();
  };

  return (
    <AdminSection
      title={t("Users")}
      intro={t(
        "Everyone who works in this organization's inbox, and the people invited. Only admins change names, emails and roles.",
      )}
      action={!adding && <AddButton label={t("Invite user")} onClick={() => setAdding(true)} />}
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      {adding && (
        <AddUserForm
          onCancel={() => setAdding(false)}
          onAdded={(user) => {
            setAdding(false);
            changed(
              t(
                "An invitation to join as {role} was emailed to {email}. They appear here as a user once they accept.",
                { role: roleName(user.role).toLowerCase(), email: user.email },
              ),
            );
          }}
        />
      )}
      {users.status === "loading" ? (
        <Loading label={t("Loading users…")} />
      ) : users.status === "error" && list.length === 0 ? (
        <Failed message={users.error ?? ""} onRetry={() => void users.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="users" title={t("No users yet")} />
      ) : (
        <ul class="admin-list" aria-label={t("Users")}>
          {list.map((user) => (
            <UserRow key={user.id} user={user} onChanged={changed} />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function AddUserForm({ onCancel, onAdded }: { onCancel: () => void; onAdded: (user: Member) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const user = await api.createUser({ email: email.trim(), name: name.trim(), role });
      onAdded(user);
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };

  return (
    <form class="admin-card form" onSubmit={submit} aria-labelledby="add-user-title" noValidate>
      <h2 id="add-user-title">{t("Invite a user")}</h2>
      <p class="small muted">
        {t(
          "We email them an invitation. Someone new chooses their own password from it; someone who already has an account keeps theirs. Nobody else ever sets or sees it.",
        )}
      </p>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <div class="form-grid">
        <Input label={t("Name")} value={name} onInput={setName} required error={problem?.fields.name} maxLength={120} />
        <Input
          label={t("Email")}
          type="email"
          value={email}
          onInput={setEmail}
          required
          error={problem?.fields.email}
          autoComplete="off"
        />
        <Select label={t("Role")} value={role} options={roleOptions()} onChange={setRole} hint={roleHint(role)} />
      </div>
      <FormActions busy={busy} label={t("Send invitation")} busyLabel={t("Inviting…")} onCancel={onCancel} />
    </form>
  );
}
