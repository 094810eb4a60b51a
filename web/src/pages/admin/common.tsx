import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import { Icon } from "../../components/Icon";
import { describeError, fieldErrors } from "../../errors";
import { t } from "../../i18n";

/** A list loaded from the API, with its loading / error state and a way to reload. */
export function useResource<T>(load: () => Promise<T>) {
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; data: T | null; error: string | null }>({
    status: "loading",
    data: null,
    error: null,
  });
  const reload = useCallback(async () => {
    setState((s) => ({ ...s, status: s.data === null ? "loading" : s.status, error: null }));
    try {
      const data = await load();
      setState({ status: "ready", data, error: null });
    } catch (error) {
      setState((s) => ({ status: "error", data: s.data, error: describeError(error) }));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload, set: (data: T) => setState({ status: "ready", data, error: null }) };
}

interface InputProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "email" | "password" | "url";
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
}

/** A labelled text input with an optional hint and error. */
export function Input(props: InputProps) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={`field${props.error ? " field-invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type={(props.type ?? "text") as "text"}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        required={props.required}
        autoComplete={props.autoComplete ?? "off"}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
        spellcheck={false}
      />
      {props.hint && (
        <p id={`${id}-hint`} class="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function TextArea(props: Omit<InputProps, "type" | "autoComplete"> & { rows?: number }) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={`field${props.error ? " field-invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 3}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        required={props.required}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint && (
        <p id={`${id}-hint`} class="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Select<T extends string>(props: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value as T)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint && (
        <p id={`${id}-hint`} class="field-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** A page section: a heading, a sentence, an action, and its content. */
export function AdminSection({
  title,
  intro,
  action,
  children,
}: {
  title: string;
  intro?: ComponentChildren;
  action?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <div class="admin-page">
      <div class="admin-page-head">
        <div>
          <h1 tabIndex={-1}>{title}</h1>
          {intro && <p class="muted">{intro}</p>}
        </div>
        {action}
      </div>
      {children}
    </div>
  );
}

/** The page's "add one" action beside its title (Invite user, Add ring group, Connect a channel, ...). */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="button button-primary" onClick={onClick}>
      <Icon name="plus" size={18} />
      <span>{label}</span>
    </button>
  );
}

/** The field errors of a failed request, by field name, plus the sentence for the whole request. */
export function problemOf(error: unknown): { message: string; fields: Record<string, string> } {
  return { message: describeError(error), fields: fieldErrors(error) };
}

/** Cancel and submit at the foot of every admin form; the submit button says what is happening while busy. */
export function FormActions(props: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  onCancel: () => void;
  small?: boolean;
}) {
  const size = props.small ? " button-small" : "";
  return (
    <div class="form-actions">
      <button type="button" class={`button${size}`} onClick={props.onCancel}>
        {t("Cancel")}
      </button>
      <button type="submit" class={`button${size} button-primary`} disabled={props.busy}>
        {props.busy && props.busyLabel ? props.busyLabel : props.label}
      </button>
    </div>
  );
}

/** A secret the API answers once (an API key, a webhook signing secret): copy it now or never. */
export function SecretOnce(props: { title: string; secret: string; testId: string; lost: string; onDone: () => void }) {
  return (
    <div class="admin-card secret-card" role="status">
      <h2>{props.title}</h2>
      <p class="small">
        {t("This is the only time it is shown. Store it somewhere safe; {lost}.", { lost: props.lost })}
      </p>
      <CopyRow text={props.secret} testId={props.testId} />
      <button type="button" class="button button-small" onClick={props.onDone}>
        {t("I have stored it")}
      </button>
    </div>
  );
}

/** A text to copy (a secret, an embed snippet) and its Copy button, which says when it is copied. */
export function CopyRow(props: { text: string; testId: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="secret-row">
      <code class="secret" data-testid={props.testId}>
        {props.text}
      </code>
      <button
        type="button"
        class="button button-small"
        aria-label={props.label}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(props.text);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}
      >
        <Icon name="copy" size={16} />
        <span>{copied ? t("Copied") : t("Copy")}</span>
      </button>
    </div>
  );
}
