import type { Role } from "../../api";
import { t } from "../../i18n";

/** A role's name in the language of the page (I13); read at render, when the language is known. */
export const roleName = (role: Role): string =>
  role === "admin" ? t("Admin") : role === "supervisor" ? t("Supervisor") : t("Agent");

/** The roles to choose from, least to most allowed. */
export const roleOptions = (): { value: Role; label: string }[] =>
  (["agent", "supervisor", "admin"] as const).map((value) => ({ value, label: roleName(value) }));

/** What each role may do, said beside the role picker. */
export const roleHint = (role: Role): string =>
  role === "agent"
    ? t("Answers the conversations assigned to them or unassigned.")
    : role === "supervisor"
      ? t("Also sees every conversation and assigns them.")
      : t("Also manages users, channels, API keys and settings.");
