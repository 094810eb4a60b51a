import { useEffect, useRef, useState } from "preact/hooks";
import { fieldErrors } from "./errors";
import { focusFirstInvalid } from "./validate";

/** The current time, refreshed every `everyMs` while the component is shown. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Media query as state: true while it matches. */
export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener("change", onChange);
    return () => list.removeEventListener("change", onChange);
  }, [query]);
  return matches;
}

/**
 * The submit handling of a small form: `check` gives the browser-side problems by field (the first
 * invalid field gets focus); otherwise `action` runs with the form busy, and an API error shows with
 * its field errors beside the fields.
 */
export function useFormSubmit(check: () => Record<string, string>, action: () => Promise<void>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const problems = check();
    setFields(problems);
    setError(null);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid(form.current);
      return;
    }
    setSubmitting(true);
    try {
      await action();
    } catch (err) {
      setError(err);
      setFields(fieldErrors(err));
    } finally {
      setSubmitting(false);
    }
  };
  return { form, onSubmit, submitting, error, fields };
}
