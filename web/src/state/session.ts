import { batch, computed, signal } from "@preact/signals";
import { ApiError, api, type Me, setUnauthenticatedHandler } from "../api";
import { describeError } from "../errors";
import { t } from "../i18n";

/** Who is signed in: `null` when nobody is. Only meaningful once `status` is "ready". */
export const me = signal<Me | null>(null);
/** "loading" until the first /api/me answers; "error" when it could not be asked at all. */
export const status = signal<"loading" | "ready" | "error">("loading");
export const loadError = signal<string | null>(null);
/** A one-time message for the sign-in page ("You signed out", "Password changed"). */
export const notice = signal<string | null>(null);

export const signedIn = computed(() => me.value !== null);

/** The server says this session ended (a 401, or a socket closed with 4401): back to the sign-in page. */
export function sessionEnded(): void {
  if (me.value === null) return;
  batch(() => {
    me.value = null;
    notice.value = t("Your session has ended. Sign in again to continue.");
  });
}

setUnauthenticatedHandler(sessionEnded);

/** Asks the API who is signed in (nobody is an answer, not an error). */
export async function loadSession(): Promise<void> {
  try {
    const current = await api.session();
    batch(() => {
      me.value = current;
      loadError.value = null;
      status.value = "ready";
    });
  } catch (error) {
    batch(() => {
      loadError.value = describeError(error);
      status.value = "error";
    });
  }
}

/**
 * Asks again who is signed in, quietly: an admin may have renamed this user or changed their role
 * (rule I7), or the session may have ended elsewhere.
 */
export async function refreshMe(): Promise<void> {
  if (me.value === null) return;
  try {
    const current = await api.me();
    if (me.value !== null && JSON.stringify(current) !== JSON.stringify(me.value)) me.value = current;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && me.value !== null) {
      batch(() => {
        me.value = null;
        notice.value = t("Your session has ended. Sign in again to continue.");
      });
    }
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  const current = await api.login(email, password);
  batch(() => {
    me.value = current;
    notice.value = null;
  });
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch (error) {
    // A session that already ended is as good as signed out.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  batch(() => {
    me.value = null;
    notice.value = t("You signed out.");
  });
}

export async function switchOrganization(organizationId: string): Promise<void> {
  me.value = await api.switchOrganization(organizationId);
}
