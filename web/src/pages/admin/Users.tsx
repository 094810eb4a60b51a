import { useState } from "preact/hooks";
import { api, type Member, type Role } from "../../api";
import { Alert } from "../../components/Alert";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { me, refreshMe } from "../../state/session";
import { loadTeam } from "../../state/team";
import { AdminSection, FormActions, Input, problemOf, Select, useResource } from "./common";

const ROLES: { value: Role; label: string }[] = [
  { value: "agent", label: "Agent" },
  { value: "supervisor", label: "Supervisor" },
  { value: "admin", label: "Admin" },
];
const ROLE_HINTS: Record<Role, string> = {
  agent: "Answers the conversations assigned to them or unassigned.",
  supervisor: "Also sees every conversation and assigns them.",
  admin: "Also manages users, channels, API keys and settings.",
};
const ROLE_NAMES: Record<Role, string> = { admin: "Admin", supervisor: "Supervisor", agent: "Agent" };

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
      title="Users"
      intro="Everyone who works in this organization's inbox, and the people invited. Only admins change names, emails and roles."
      action={
        !adding && (
          <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" size={18} />
            <span>Invite user</span>
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
              `An invitation to join as ${ROLE_NAMES[user.role].toLowerCase()} was emailed to ${user.email}. They appear here as a user once they accept.`,
            );
          }}
        />
      )}
      {users.status === "loading" ? (
        <Loading label="Loading users…" />
      ) : users.status === "error" && list.length === 0 ? (
        <Failed message={users.error ?? ""} onRetry={() => void users.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="users" title="No users yet" />
      ) : (
        <ul class="admin-list" aria-label="Users">
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
      <h2 id="add-user-title">Invite a user</h2>
      <p class="small muted">
        We email them an invitation. Someone new chooses their own password from it; someone who already has an account
        keeps theirs. Nobody else ever sets or sees it.
      </p>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <div class="form-grid">
        <Input label="Name" value={name} onInput={setName} required error={problem?.fields.name} maxLength={120} />
        <Input
          label="Email"
          type="email"
          value={email}
          onInput={setEmail}
          required
          error={problem?.fields.email}
          autoComplete="off"
        />
        <Select label="Role" value={role} options={ROLES} onChange={setRole} hint={ROLE_HINTS[role]} />
      </div>
      <FormActions busy={busy} label="Send invitation" busyLabel="Inviting…" onCancel={onCancel} />
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
          ? `${updated.name} was updated. We emailed ${updated.pendingEmail} a link: the new email works once its owner confirms it.`
          : `${updated.name} was updated.`,
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
        invited ? `The invitation of ${user.email} was withdrawn.` : `${user.name} was removed from this organization.`,
      );
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };

  if (mode === "edit") {
    return (
      <li class="admin-row editing">
        <form class="form" onSubmit={save} aria-label={`Edit ${user.name}`} noValidate>
          {problem && <Alert tone="error">{problem.message}</Alert>}
          <div class="form-grid">
            {!invited && (
              <>
                <Input
                  label="Name"
                  value={name}
                  onInput={setName}
                  required
                  error={problem?.fields.name}
                  maxLength={120}
                />
                <Input
                  label="Email"
                  type="email"
                  value={email}
                  onInput={setEmail}
                  required
                  error={problem?.fields.email}
                  hint="A new email works once its owner confirms it from the link we send there."
                />
              </>
            )}
            <Select label="Role" value={role} options={ROLES} onChange={setRole} hint={ROLE_HINTS[role]} />
          </div>
          <FormActions busy={busy} label="Save changes" busyLabel="Saving…" onCancel={() => setMode("view")} />
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
          {isMe && <span class="muted"> (you)</span>}
        </p>
        <p class="admin-row-sub">{user.email}</p>
        {user.pendingEmail && (
          <p class="admin-row-sub small">New email waiting for its owner's confirmation: {user.pendingEmail}</p>
        )}
        {invited && (
          <p class="admin-row-sub small">
            {(user.invitationExpiresAt ?? 0) > Date.now()
              ? "Invited: joins once they accept the emailed invitation."
              : "Invitation expired: withdraw it and invite them again."}
          </p>
        )}
      </div>
      {invited && <span class="role-badge">Invited</span>}
      <span class={`role-badge role-${user.role}`}>{ROLE_NAMES[user.role]}</span>
      {mode === "remove" ? (
        <fieldset class="confirm-inline">
          <legend class="small">
            {invited
              ? `Withdraw the invitation of ${user.email}? The emailed link stops working.`
              : `Remove ${user.name}? They lose access to this organization.`}
          </legend>
          <button type="button" class="button button-small button-danger" onClick={remove} disabled={busy}>
            {busy ? "Removing…" : invited ? "Withdraw" : "Remove"}
          </button>
          <button type="button" class="button button-small" onClick={() => setMode("view")} disabled={busy}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <div class="admin-row-actions">
          <button type="button" class="button button-small" onClick={startEdit} aria-label={`Edit ${user.name}`}>
            <Icon name="edit" size={16} />
            <span>Edit</span>
          </button>
          <button
            type="button"
            class="button button-small button-danger-quiet"
            onClick={() => {
              setProblem(null);
              setMode("remove");
            }}
            aria-label={invited ? `Withdraw the invitation of ${user.name}` : `Remove ${user.name}`}
          >
            <Icon name="trash" size={16} />
            <span>{invited ? "Withdraw" : "Remove"}</span>
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
