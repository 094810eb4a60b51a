import { useState } from "preact/hooks";
import { api, type Member, type Role } from "../../api";
import { Alert } from "../../components/Alert";
import { Avatar } from "../../components/Avatar";
import { t } from "../../i18n";
import { me } from "../../state/session";
import { FormActions, Input, problemOf, Select } from "./common";
import { EditDeleteActions } from "./EditDeleteActions";
import { roleHint, roleName, roleOptions } from "./roles";

type Problem = { message: string; fields: Record<string, string> };

/** One person in Admin › Users (rules A3, A4, I7): view, edit, remove or withdraw the invitation. */
export function UserRow({ user, onChanged }: { user: Member; onChanged: (message: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit">("view");
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
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
    await api.removeUser(user.id);
    onChanged(
      invited
        ? t("The invitation of {email} was withdrawn.", { email: user.email })
        : t("{name} was removed from this organization.", { name: user.name }),
    );
  };

  if (mode === "edit") {
    return (
      <li class="admin-row editing">
        <EditUserForm
          user={user}
          fields={{ name, email, role }}
          set={{ name: setName, email: setEmail, role: setRole }}
          busy={busy}
          problem={problem}
          onSave={save}
          onCancel={() => setMode("view")}
        />
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
      <EditDeleteActions
        name={user.name}
        onEdit={startEdit}
        onDelete={remove}
        names={{
          edit: t("Edit {name}", { name: user.name }),
          delete: invited
            ? t("Withdraw the invitation of {name}", { name: user.name })
            : t("Remove {name}", { name: user.name }),
          question: invited
            ? t("Withdraw the invitation of {email}? The emailed link stops working.", { email: user.email })
            : t("Remove {name}? They lose access to this organization.", { name: user.name }),
        }}
        verbs={{ delete: invited ? t("Withdraw") : t("Remove"), deleting: t("Removing…") }}
      />
    </li>
  );
}

/** A user's name, email (not while invited) and role being edited (A3, A4); the row keeps the state. */
function EditUserForm({
  user,
  fields: { name, email, role },
  set,
  busy,
  problem,
  onSave,
  onCancel,
}: {
  user: Member;
  fields: { name: string; email: string; role: Role };
  set: { name: (name: string) => void; email: (email: string) => void; role: (role: Role) => void };
  busy: boolean;
  problem: Problem | null;
  onSave: (event: Event) => void;
  onCancel: () => void;
}) {
  const invited = user.status === "invited";
  return (
    <form class="form" onSubmit={onSave} aria-label={t("Edit {name}", { name: user.name })} noValidate>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <div class="form-grid">
        {!invited && (
          <>
            <Input
              label={t("Name")}
              value={name}
              onInput={set.name}
              required
              error={problem?.fields.name}
              maxLength={120}
            />
            <Input
              label={t("Email")}
              type="email"
              value={email}
              onInput={set.email}
              required
              error={problem?.fields.email}
              hint={t("A new email works once its owner confirms it from the link we send there.")}
            />
          </>
        )}
        <Select label={t("Role")} value={role} options={roleOptions()} onChange={set.role} hint={roleHint(role)} />
      </div>
      <FormActions busy={busy} label={t("Save changes")} busyLabel={t("Saving…")} onCancel={onCancel} />
    </form>
  );
}
