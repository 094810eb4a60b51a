import { useState } from "preact/hooks";
import { type ApiKey, api, type CreatedApiKey, type Role } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { fullTime } from "../../format";
import { t } from "../../i18n";
import { AddButton, AdminSection, FormActions, Input, problemOf, SecretOnce, Select, useResource } from "./common";
import { roleName, roleOptions } from "./roles";

/** Keys for integrations (T9): the secret is shown once, when the key is created. */
export function ApiKeysPage() {
  const keys = useResource(() => api.apiKeys().then((r) => r.apiKeys));
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [adding, setAdding] = useState(false);
  const list = keys.data ?? [];
  return (
    <AdminSection
      title={t("API keys")}
      intro={t("Let other systems use the API as your organization, with the permissions of the role you choose.")}
      action={
        !adding && (
          <AddButton
            label={t("Create key")}
            onClick={() => {
              setCreated(null);
              setAdding(true);
            }}
          />
        )
      }
    >
      {created && (
        <SecretOnce
          title={t("Copy the secret of “{name}” now", { name: created.apiKey.name })}
          secret={created.secret}
          testId="api-key-secret"
          lost={t("if it is lost, revoke the key and create a new one")}
          onDone={() => setCreated(null)}
        />
      )}
      {adding && (
        <CreateKeyForm
          onCancel={() => setAdding(false)}
          onCreated={(result) => {
            setAdding(false);
            setCreated(result);
            void keys.reload();
          }}
        />
      )}
      {keys.status === "loading" ? (
        <Loading label={t("Loading API keys…")} />
      ) : keys.status === "error" && list.length === 0 ? (
        <Failed message={keys.error ?? ""} onRetry={() => void keys.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="key" title={t("No API keys")}>
          {t("Create one to connect another system.")}
        </Empty>
      ) : (
        <ul class="admin-list" aria-label={t("API keys")}>
          {list.map((key) => (
            <KeyRow key={key.id} apiKey={key} onRevoked={() => void keys.reload()} />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

type Scope = "read" | "write" | "admin";
/** The scopes; label and hint are English sentences shown through t() (I13). */
const SCOPES: { value: Scope; label: string; hint: string }[] = [
  { value: "read", label: "Read", hint: "every GET" },
  { value: "write", label: "Write", hint: "send, assign, resolve, create" },
  { value: "admin", label: "Admin", hint: "users, keys, channels, settings, billing" },
];
const scopeName = (scope: string): string => t(SCOPES.find((s) => s.value === scope)?.label ?? scope).toLowerCase();
const defaultScopes = (role: Role): Scope[] => (role === "admin" ? ["read", "write", "admin"] : ["read", "write"]);

function CreateKeyForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: CreatedApiKey) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  // Issue 18: scopes narrow what the role allows; they follow the role until changed by hand.
  const [scopes, setScopes] = useState<Scope[] | null>(null);
  const [perMinute, setPerMinute] = useState("600");
  const chosen = scopes ?? defaultScopes(role);
  const toggle = (scope: Scope, on: boolean) =>
    setScopes(SCOPES.map((s) => s.value).filter((s) => (s === scope ? on : chosen.includes(s))));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onCreated(
        await api.createApiKey({ name: name.trim(), role, scopes: chosen, rateLimitPerMinute: Number(perMinute) }),
      );
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };
  return (
    <form class="admin-card form" onSubmit={submit} aria-labelledby="create-key-title" noValidate>
      <h2 id="create-key-title">{t("Create an API key")}</h2>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <div class="form-grid">
        <Input
          label={t("Name")}
          value={name}
          onInput={setName}
          required
          maxLength={80}
          error={problem?.fields.name}
          hint={t("What uses it, e.g. “CRM sync”.")}
        />
        <Select label={t("Acts as")} value={role} options={roleOptions()} onChange={setRole} />
        <Input
          label={t("Requests per minute")}
          value={perMinute}
          onInput={setPerMinute}
          required
          error={problem?.fields.rateLimitPerMinute}
          hint={t("Past it the API answers 429 with Retry-After (1 to 6,000).")}
        />
      </div>
      <fieldset class="scope-choice">
        <legend>{t("May")}</legend>
        {SCOPES.map((scope) => (
          <label key={scope.value} class="scope-option">
            <input
              type="checkbox"
              checked={chosen.includes(scope.value)}
              onChange={(e) => toggle(scope.value, (e.currentTarget as HTMLInputElement).checked)}
            />{" "}
            {t(scope.label)} <span class="small">({t(scope.hint)})</span>
          </label>
        ))}
        {problem?.fields.scopes && <p class="field-error">{problem.fields.scopes}</p>}
      </fieldset>
      <FormActions busy={busy} label={t("Create key")} busyLabel={t("Creating…")} onCancel={onCancel} />
    </form>
  );
}

function KeyRow({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoked = apiKey.revokedAt !== null;
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.revokeApiKey(apiKey.id);
      onRevoked();
    } catch (err) {
      setError(problemOf(err).message);
      setBusy(false);
    }
  };
  return (
    <li class={`admin-row${revoked ? " revoked" : ""}`}>
      <span class="admin-row-icon">
        <Icon name="key" size={22} />
      </span>
      <div class="admin-row-main">
        <p class="admin-row-title">{apiKey.name}</p>
        <p class="admin-row-sub">
          <code>{apiKey.prefix}…</code> · {t("acts as {role}", { role: roleName(apiKey.role).toLowerCase() })} ·{" "}
          {t("may {scopes}", { scopes: apiKey.scopes.map(scopeName).join(", ") })} ·{" "}
          {t("{count}/min", { count: apiKey.rateLimitPerMinute.toLocaleString("id-ID") })} ·{" "}
          {t("created {time}", { time: fullTime(apiKey.createdAt) })} ·{" "}
          {apiKey.lastUsedAt ? t("last used {time}", { time: fullTime(apiKey.lastUsedAt) }) : t("never used")}
        </p>
      </div>
      {revoked ? (
        <span class="chip chip-muted">{t("Revoked")}</span>
      ) : confirming ? (
        <fieldset class="confirm-inline">
          <legend class="small">{t("Revoke? It stops working at once.")}</legend>
          <button type="button" class="button button-small button-danger" onClick={revoke} disabled={busy}>
            {busy ? t("Revoking…") : t("Revoke")}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming(false)}>
            {t("Cancel")}
          </button>
        </fieldset>
      ) : (
        <button
          type="button"
          class="button button-small button-danger-quiet"
          onClick={() => setConfirming(true)}
          aria-label={t("Revoke {name}", { name: apiKey.name })}
        >
          {t("Revoke")}
        </button>
      )}
      {error && (
        <div class="admin-row-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </li>
  );
}
