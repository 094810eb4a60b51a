/**
 * The template list's data (rules T1, T3): the templates for the filters, loaded again on return to
 * the tab and polled while one on screen waits for its review, every 2 s for the first two minutes
 * after a submission (the sandbox, like a quick Meta review, answers within seconds), then every 30 s.
 * A status that changes under the user's eyes is said in a sentence for screen readers.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api, type Channel, type Template, type TemplateFilters, type TemplateStatus } from "../../api";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import { loadTemplates } from "../../state/library";
import { numbersWithTemplates } from "./draft";
import { reasonText, statusLabel } from "./labels";

const FAST_POLL_MS = 2_000;
const SLOW_POLL_MS = 30_000;
const FAST_FOR_MS = 2 * 60_000;

export interface ListState {
  status: "loading" | "ready" | "error";
  list: Template[];
  error: string | null;
}

/**
 * Records each template's status (and language) in `known`; returns whether any is new or changed,
 * and a sentence per change of one seen before.
 */
function noteStatuses(templates: Template[], known: Map<string, TemplateStatus>, languages: Set<string>) {
  const changes: string[] = [];
  let changed = false;
  for (const template of templates) {
    languages.add(template.language);
    const before = known.get(template.id);
    if (before !== template.status) changed = true;
    if (before && before !== template.status) {
      changes.push(
        template.status === "REJECTED"
          ? template.reason
            ? t("{name} was rejected: {reason}", { name: template.name, reason: reasonText(template.reason) })
            : t("{name} was rejected.", { name: template.name })
          : t("{name} is now {status}.", { name: template.name, status: statusLabel(template.status).toLowerCase() }),
      );
    }
    known.set(template.id, template.status);
  }
  return { changed, changes };
}

export function useTemplateList(filters: TemplateFilters) {
  const key = JSON.stringify(filters);
  const [state, setState] = useState<ListState>({ status: "loading", list: [], error: null });
  const [channels, setChannels] = useState<Channel[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const known = useRef(new Map<string, TemplateStatus>());
  const languagesSeen = useRef(new Set<string>());

  useEffect(() => {
    api
      .channels()
      .then((r) => setChannels(numbersWithTemplates(r.channels)))
      .catch(() => {
        // Channel names are a nicety here; the list works without them.
      });
  }, []);

  const load = async () => {
    const id = ++latest.current;
    try {
      const { templates } = await api.templates(filters);
      if (id !== latest.current) return;
      const { changed, changes } = noteStatuses(templates, known.current, languagesSeen.current);
      if (changes.length > 0) setAnnouncement(changes.join(" "));
      // The composer's template picker offers approved templates: keep it in step.
      if (changed) void loadTemplates(true);
      setState({ status: "ready", list: templates, error: null });
    } catch (error) {
      if (id !== latest.current) return;
      setState((s) => ({
        status: s.status === "ready" ? "ready" : "error",
        list: s.list,
        error: describeError(error),
      }));
    }
  };

  useEffect(() => {
    setState((s) => ({ ...s, status: s.list.length > 0 ? s.status : "loading", error: null }));
    void load();
  }, [key, attempt]);

  useReloads(key, state, load);

  return {
    state,
    channels,
    announcement,
    languagesSeen: languagesSeen.current,
    retry: () => setAttempt((n) => n + 1),
    /** After a delete: the template is gone, so its status is no longer known. */
    deleted: (id: string) => {
      known.current.delete(id);
      void load();
    },
  };
}

/** Loads again on coming back to the tab, and on a timer while a template on screen waits for review. */
function useReloads(key: string, state: ListState, load: () => Promise<void>) {
  const [pollTick, setPollTick] = useState(0);

  // Coming back to the tab: reviews and quality ratings may have changed meanwhile.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [key]);

  // Poll while a template on screen waits for its review.
  useEffect(() => {
    const pending = state.list.filter((t) => t.status === "PENDING");
    if (state.status !== "ready" || pending.length === 0) return;
    const newest = Math.max(...pending.map((t) => t.createdAt));
    const delay = Date.now() - newest < FAST_FOR_MS ? FAST_POLL_MS : SLOW_POLL_MS;
    const timer = setTimeout(() => {
      if (document.visibilityState === "visible") void load().then(() => setPollTick((n) => n + 1));
      else setPollTick((n) => n + 1);
    }, delay);
    return () => clearTimeout(timer);
  }, [state, pollTick]);
}
