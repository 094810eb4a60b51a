import { useEffect, useState } from "preact/hooks";
import "../profile/profile.css";
import type { Role } from "../../api";
import { type AssignmentSettings, profileApi, type TeamLoadMember } from "../../api-profile";
import { Alert } from "../../components/Alert";
import { Avatar } from "../../components/Avatar";
import { Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import { onlineIds } from "../../state/team";
import { AdminSection, useResource } from "./common";
import { roleName } from "./roles";

/** English sentences shown through t() (I13). */
const AVAILABILITY_LABELS = { online: "Online", away: "Away", offline: "Offline" } as const;
const openConversations = (n: number) =>
  n === 1 ? t("1 open conversation") : t("{count} open conversations", { count: n });

/** Rule I12: Settings > automatic assignment. Admins change it; supervisors see it. */
export function AssignmentCard({ role }: { role: Role }) {
  const settings = useResource(() => profileApi.assignmentSettings());
  const [draft, setDraft] = useState<{ enabled: boolean; cap: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const isAdmin = role === "admin";
  const current =
    draft ?? (settings.data ? { enabled: settings.data.enabled, cap: String(settings.data.maxOpenPerAgent) } : null);

  const save = async (event: Event) => {
    event.preventDefault();
    if (!current) return;
    const cap = Number(current.cap);
    if (!Number.isInteger(cap) || cap < 1 || cap > 500) {
      setResult({ tone: "error", text: t("The cap is a whole number from 1 to 500.") });
      return;
    }
    const next: AssignmentSettings = { enabled: current.enabled, maxOpenPerAgent: cap };
    setSaving(true);
    setResult(null);
    try {
      settings.set(await profileApi.saveAssignmentSettings(next));
      setDraft(null);
      setResult({
        tone: "success",
        text: next.enabled
          ? t("Saved. New conversations go to online agents in turn, at most {open} each.", {
              open: openConversations(cap),
            })
          : t("Saved. New conversations wait in Unassigned until someone takes them."),
      });
    } catch (error) {
      setResult({ tone: "error", text: describeError(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="admin-card" aria-labelledby="assignment-title">
      <h2 id="assignment-title">{t("Automatic assignment")}</h2>
      <p class="muted small">
        {t(
          "A new conversation goes to the next online agent in turn. Agents who are away, offline or already hold the maximum of open conversations are skipped; when nobody can take it, it waits in Unassigned.",
        )}
      </p>
      {settings.status === "loading" ? (
        <Loading label={t("Loading assignment settings…")} />
      ) : !current ? (
        <Failed message={settings.error ?? ""} onRetry={() => void settings.reload()} />
      ) : (
        <form onSubmit={save} aria-busy={saving}>
          <label class="switch">
            <input
              type="checkbox"
              role="switch"
              checked={current.enabled}
              aria-checked={current.enabled}
              disabled={!isAdmin || saving}
              onChange={(event) => setDraft({ ...current, enabled: event.currentTarget.checked })}
            />
            <span class="switch-track" aria-hidden="true" />
            <span>
              <strong>{t("Assign new conversations automatically")}</strong>
              <span class="field-hint">
                {isAdmin ? t("To online agents, in turn.") : t("Only admins change this.")}
              </span>
            </span>
          </label>
          <div class="field">
            <label for="assignment-cap">{t("Open conversations per agent, at most")}</label>
            <input
              id="assignment-cap"
              type="number"
              inputMode="numeric"
              min={1}
              max={500}
              value={current.cap}
              disabled={!isAdmin || saving}
              onInput={(event) => setDraft({ ...current, cap: event.currentTarget.value })}
            />
          </div>
          {isAdmin && (
            <div class="form-actions">
              <button type="submit" class="button button-primary" disabled={saving}>
                {saving ? t("Saving…") : t("Save assignment")}
              </button>
            </div>
          )}
        </form>
      )}
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
    </section>
  );
}

/** How often the team's loads are asked again while the page is open (presence changes ask at once). */
const REFRESH_MS = 10_000;

/** Rule I12: who is online, away or offline, and how many open conversations each holds (supervisors, admins). */
export function TeamPage() {
  const team = useResource(() => profileApi.teamLoad());
  // Someone opened or closed the inbox (the feed's presence), and every few seconds: ask again.
  const presence = [...onlineIds.value].join(",");
  useEffect(() => {
    void team.reload();
  }, [presence]);
  useEffect(() => {
    const timer = setInterval(() => void team.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const members = team.data?.members ?? [];
  return (
    <AdminSection
      title={t("Team")}
      intro={t("Who is available for conversations now and how many open conversations each person holds.")}
      action={
        <button type="button" class="button" onClick={() => void team.reload()} disabled={team.status === "loading"}>
          {t("Refresh")}
        </button>
      }
    >
      {team.status === "loading" && !team.data ? (
        <Loading label={t("Loading the team…")} />
      ) : team.status === "error" && !team.data ? (
        <Failed message={team.error ?? ""} onRetry={() => void team.reload()} />
      ) : (
        <ul class="team-load" aria-label={t("Team availability")}>
          {members.map((m) => (
            <TeamRow key={m.id} member={m} />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function TeamRow({ member }: { member: TeamLoadMember }) {
  const label = t(AVAILABILITY_LABELS[member.availability]);
  const note = member.availability === "offline" && member.chosen !== "offline" ? ` ${t("(inbox not open)")}` : "";
  return (
    <li class="team-load-row" data-testid={`team-${member.id}`}>
      <Avatar name={member.name} size="sm" />
      <span class="team-load-name">
        <strong>{member.name}</strong>
        <span class="muted small"> · {roleName(member.role)}</span>
      </span>
      <span class={`availability availability-${member.availability}`}>
        <span class="availability-dot" aria-hidden="true" />
        {label}
        {note}
      </span>
      <span class="team-load-open">{openConversations(member.openRooms)}</span>
    </li>
  );
}
