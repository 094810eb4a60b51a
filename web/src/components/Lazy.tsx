import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { Failed, Loading } from "./States";

/**
 * A page loaded on first use with import(): its code is not part of the inbox's initial JavaScript.
 * While it loads a spinner is shown; when it cannot be fetched (offline, a deploy replaced the
 * chunk), a sentence and a way to try again.
 */
export function lazyPage<P extends object>(
  load: () => Promise<ComponentType<P>>,
  words: { loading: string; failed: string },
): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (Page) return;
      let cancelled = false;
      setFailed(false);
      load()
        .then((component) => {
          loaded = component;
          if (!cancelled) setPage(() => component);
        })
        .catch(() => {
          if (!cancelled) setFailed(true);
        });
      return () => {
        cancelled = true;
      };
    }, [attempt, Page]);
    if (failed) return <Failed message={t(words.failed)} onRetry={() => setAttempt((n) => n + 1)} />;
    if (!Page) return <Loading label={t(words.loading)} />;
    return <Page {...props} />;
  };
}
