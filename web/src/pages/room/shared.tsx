import type { Room } from "../../api";
import { closesSoon, roomWindow } from "../../channel-window";
import { Icon } from "../../components/Icon";
import { duration, fullTime } from "../../format";
import { t } from "../../i18n";
import { useClock } from "../../state/clock";
import { me } from "../../state/session";

/** What the signed-in user may do in a room (the API decides; this only hides what would be refused). */
export function permissionsFor(room: Room) {
  const meId = me.value?.user?.id ?? null;
  const supervises = me.value?.organization.role !== "agent";
  const open = room.status !== "resolved";
  const mine = room.assigneeId !== null && room.assigneeId === meId;
  const canAct = supervises || room.assigneeId === null || mine;
  return {
    canAct,
    canTake: open && !mine && (room.assigneeId === null || supervises) && meId !== null,
    canResolve: open && canAct,
    /** Supervisors and admins assign anyone; the agent holding a room transfers it. */
    assignMode: !open ? null : supervises ? ("assign" as const) : mine ? ("transfer" as const) : null,
    canBlock: open && !room.contactBlocked,
    canUnblock: room.contactBlocked,
  };
}

/** "Window open · 3 h 12 min left", ticking; or why only templates can go out. */
export function WindowCountdown({ room }: { room: Room }) {
  const now = useClock();
  if (room.status === "resolved") return <span class="chip chip-muted">{t("Resolved")}</span>;
  const win = roomWindow(room, now);
  if (win.state === "always") return null;
  if (win.state === "human_agent") {
    return (
      <span
        class="chip chip-warn"
        title={t("Human replies allowed until {time}", { time: fullTime(win.expiresAt) })}
        data-testid="window-countdown"
      >
        <Icon name="clock" size={12} />
        <span>{t("Human agent · {time} left", { time: duration(win.msLeft) })}</span>
      </span>
    );
  }
  if (win.state === "open") {
    return (
      <span
        class={`chip ${closesSoon(win) ? "chip-warn" : "chip-ok"}`}
        title={t("The 24-hour window closes {time}", { time: fullTime(win.expiresAt) })}
        data-testid="window-countdown"
      >
        <Icon name="clock" size={12} />
        <span>
          <span class="visually-hidden">{t("Reply window open, ")}</span>
          {t("{time} left", { time: duration(win.msLeft) })}
        </span>
      </span>
    );
  }
  return (
    <span class="chip chip-danger" data-testid="window-countdown">
      <Icon name="clock" size={12} />
      {win.state === "expired" ? t("Window expired") : t("No customer message yet")}
    </span>
  );
}
