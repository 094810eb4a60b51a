/**
 * What every section of the template form shares: the draft and its three verbs in one object
 * (`DraftFields`), a labelled text field with its hint and errors, and a field's error list.
 */
import type { Draft, FieldKey } from "./draft";
import { ruleMessage } from "./rule-words";

/** One section's view of the form: ids, the draft, and how to change it and show its errors. */
export interface DraftFields {
  /** The form's id prefix (`useId`), so the labels and descriptions of one form point at each other. */
  id: string;
  draft: Draft;
  /** Changes the draft; `field`, when given, counts as touched (its errors show from now on). */
  update: (patch: Partial<Draft>, field?: FieldKey) => void;
  touch: (field: FieldKey) => void;
  /** The errors a field shows now: none until it is touched or a submission was tried. */
  shown: (field: FieldKey) => string[] | undefined;
}

export function Errors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} class="field-errors">
      {errors.map((message) => (
        <p key={message} class="field-error">
          {ruleMessage(message)}
        </p>
      ))}
    </div>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  errors?: string[] | undefined;
  hint?: string;
  maxLength?: number;
  inputMode?: "text" | "tel" | "url";
  mono?: boolean;
}) {
  const invalid = (props.errors?.length ?? 0) > 0;
  const described = [props.hint ? `${props.id}-hint` : "", invalid ? `${props.id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={`field${invalid ? " field-invalid" : ""}`}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        class={props.mono ? "mono" : undefined}
        value={props.value}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        autoComplete="off"
        spellcheck={false}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={described || undefined}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onBlur={props.onBlur}
      />
      {props.hint && (
        <p id={`${props.id}-hint`} class="field-hint">
          {props.hint}
        </p>
      )}
      <Errors id={`${props.id}-error`} errors={props.errors} />
    </div>
  );
}
