import type { Ref } from "preact";
import { useId } from "preact/hooks";

interface FieldProps {
  label: string;
  name: string;
  type?: "text" | "email" | "password";
  value: string;
  onInput: (value: string) => void;
  autoComplete?: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  minLength?: number;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled input with an optional hint and an error message, both tied to it for assistive tech. */
export function Field(props: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : "", props.error ? errorId : ""].filter(Boolean).join(" ");
  return (
    <div class={`field${props.error ? " field-invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        ref={props.inputRef}
        name={props.name}
        // Preact's input typings are a union keyed by `type`; a union-typed value needs this narrowing.
        type={(props.type ?? "text") as "text"}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        autoComplete={props.autoComplete}
        required={props.required}
        minLength={props.minLength}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        spellcheck={false}
        autoCapitalize={props.type === "text" ? undefined : "off"}
      />
      {props.hint && (
        <p id={hintId} class="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
