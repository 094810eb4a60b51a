import { t } from "../i18n";
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from "../validate";
import { Field } from "./Field";

/** What is wrong with a new password and its repetition, by field name; empty when nothing is. */
export function newPasswordProblems(password: string, repeat: string): Record<string, string> {
  const issue = newPasswordProblem(password);
  if (issue) return { newPassword: issue };
  if (repeat !== password) return { repeat: t("The two passwords are not the same.") };
  return {};
}

/** A new password typed twice (rule A1: only the owner of an email ever sets its password). */
export function NewPasswordFields(props: {
  labels: [string, string];
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  fields: Record<string, string>;
}) {
  return (
    <>
      <Field
        label={props.labels[0]}
        name="newPassword"
        type="password"
        value={props.password}
        onInput={props.onPassword}
        autoComplete="new-password"
        hint={t("At least {count} characters.", { count: MIN_PASSWORD_LENGTH })}
        error={props.fields.newPassword}
        minLength={MIN_PASSWORD_LENGTH}
        required
      />
      <Field
        label={props.labels[1]}
        name="repeat"
        type="password"
        value={props.repeat}
        onInput={props.onRepeat}
        autoComplete="new-password"
        error={props.fields.repeat}
        required
      />
    </>
  );
}
