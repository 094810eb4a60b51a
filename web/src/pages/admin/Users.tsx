import { useState } from "preact/hooks";
import { api, type Member, type Role } from "../../api";
import { Alert } from "../../components/Alert";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { t } from "../../i18n";
import { me, refreshMe } from "../../state/session";
import { loadTeam } from "../../state/team";
import { AdminSection, FormActions, Input, problemOf, Select, useResource } from "./common";
import { roleHint, roleName, roleOptions } from "./roles";

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
      action={
        !adding && (
          <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" size={18} />
            <span>{t("Invite user")}</span>
          </button>
        )
      }
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

function UserRow({ user, onChanged }: { user: Member; onChanged: (message: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit" | "remove">("view");
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const isMe = me.value?.user?.id === user.id;
  const invited = user.status === "invited";

  const startEdit = () => {
    setName(user.name);
    setEmail(user.email);
    setRole(user.role);
    setProblem(null);
    setMode("edit");
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const changes: { name?: string; email?: string; role?: Role } = {};
    if (!invited && name.trim() !== user.name) changes.name = name.trim();
    if (!invited && email.trim().toLowerCase() !== user.email) changes.email = email.trim();
    if (role !== user.role) changes.role = role;
    if (Object.keys(changes).length === 0) {
      setMode("view");
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const updated = await api.updateUser(user.id, changes);
      setMode("view");
      onChanged(
        changes.email && updated.pendingEmail
          ? t("{name} was updated. We emailed {email} a link: the new email works once its owner confirms it.", {
              name: updated.name,
              email: updated.pendingEmail,
            })
          : t("{name} was updated.", { name: updated.name }),
      );
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api.removeUser(user.id);
      onChanged(
        invited
          ? t("The invitation of {email} was withdrawn.", { email: user.email })
          : t("{name} was removed from this organization.", { name: user.name }),
      );
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };

  if (mode === "edit") {
    return (
      <li class="admin-row editing">
        <form class="form" onSubmit={save} aria-label={t("Edit {name}", { name: user.name })} noValidate>
          {problem && <Alert tone="error">{problem.message}</Alert>}
          <div class="form-grid">
            {!invited && (
              <>
                <Input
                  label={t("Name")}
                  value={name}
                  onInput={setName}
                  required
                  error={problem?.fields.name}
                  maxLength={120}
                />
                <Input
                  label={t("Email")}
                  type="email"
                  value={email}
                  onInput={setEmail}
                  required
                  error={problem?.fields.email}
                  hint={t("A new email works once its owner confirms it from the link we send there.")}
                />
              </>
            )}
            <Select label={t("Role")} value={role} options={roleOptions()} onChange={setRole} hint={roleHint(role)} />
          </div>
          <FormActions
            busy={busy}
            label={t("Save changes")}
            busyLabel={t("Saving…")}
            onCancel={() => setMode("view")}
          />
        </form>
      </li>
    );
  }

  return (
    <li class="admin-row">
      <Avatar name={user.name} />
      <div class="admin-row-main">
        <p class="admin-row-title">
          {user.name}
          {isMe && <span class="muted"> {t("(you)")}</span>}
        </p>
        <p class="admin-row-sub">{user.email}</p>
        {user.pendingEmail && (
          <p class="admin-row-sub small">
            {t("New email waiting for its owner's confirmation: {email}", { email: user.pendingEmail })}
          </p>
        )}
        {invited && (
          <p class="admin-row-sub small">
            {(user.invitationExpiresAt ?? 0) > Date.now()
              ? t("Invited: joins once they accept the emailed invitation.")
              : t("Invitation expired: withdraw it and invite them again.")}
          </p>
        )}
      </div>
      {invited && <span class="role-badge">{t("Invited")}</span>}
      <span class={`role-badge role-${user.role}`}>{roleName(user.role)}</span>
      {mode === "remove" ? (
        <fieldset class="confirm-inline">
          <legend class="small">
            {invited
              ? t("Withdraw the invitation of {email}? The emailed link stops working.", { email: user.email })
              : t("Remove {name}? They lose access to this organization.", { name: user.name })}
          </legend>
          <button type="button" class="button button-small button-danger" onClick={remove} disabled={busy}>
            {busy ? t("Removing…") : invited ? t("Withdraw") : t("Remove")}
          </button>
          <button type="button" class="button button-small" onClick={() => setMode("view")} disabled={busy}>
            {t("Cancel")}
          </button>
        </fieldset>
      ) : (
        <div class="admin-row-actions">
          <button
            type="button"
            class="button button-small"
            onClick={startEdit}
            aria-label={t("Edit {name}", { name: user.name })}
          >
            <Icon name="edit" size={16} />
            <span>{t("Edit")}</span>
          </button>
          <button
            type="button"
            class="button button-small button-danger-quiet"
            onClick={() => {
              setProblem(null);
              setMode("remove");
            }}
            aria-label={
              invited
                ? t("Withdraw the invitation of {name}", { name: user.name })
                : t("Remove {name}", { name: user.name })
            }
          >
            <Icon name="trash" size={16} />
            <span>{invited ? t("Withdraw") : t("Remove")}</span>
          </button>
        </div>
      )}
      {problem && (
        <div class="admin-row-error">
          <Alert tone="error">{problem.message}</Alert>
        </div>
      )}
    </li>
  );
}
