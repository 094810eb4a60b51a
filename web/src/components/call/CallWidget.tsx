/**
 * The call widget (issue 14, item 8): mounted once in the app shell. Ringing with Accept and Decline
 * (and a ring sound the agent can turn off), connecting, in a call with the running duration, mute,
 * microphone choice, whether audio flows both ways, and hang-up; "Answered by <agent>" when another
 * agent took it (C5); the ended state. It floats above the app and can be moved by dragging its
 * title bar or with the arrow keys on its move handle.
 */
import { useEffect, useState } from "preact/hooks";
import { duration } from "../../format";
import { useNow } from "../../hooks";
import { t } from "../../i18n";
import {
  chooseMicrophone,
  chosenMicrophone,
  loadMicrophones,
  microphones,
  ringSound,
  setRingSound,
} from "../../state/call-media";
import { flow, muted, switchMicrophone, toggleMute } from "../../state/call-session";
import { accept, alsoRinging, type CallCard, decline, dismiss, hangUp, shownCall } from "../../state/calls";
import { Icon } from "../Icon";
import { Link } from "../Link";
import { useMovable } from "./movable";
import "./call.css";

const TITLES: Record<CallCard["phase"], string> = {
  ringing: "Incoming WhatsApp call",
  connecting: "Connecting…",
  calling: "Calling…",
  active: "On a call",
  taken: "Answered by another agent",
  ended: "Call ended",
};

export function CallWidget() {
  const call = shownCall.value;
  const { ref, style, handleProps, dragProps } = useMovable();
  // Taken and ended cards leave on their own after a while.
  useEffect(() => {
    if (!call || (call.phase !== "ended" && call.phase !== "taken") || call.error) return;
    const timer = setTimeout(() => dismiss(call.id), 10_000);
    return () => clearTimeout(timer);
  }, [call?.id, call?.phase, call?.error]);

  if (!call) return null;
  const title = call.phase === "ended" && call.missed ? t("Missed call") : t(TITLES[call.phase]);
  return (
    <section
      ref={ref}
      class={`call-widget call-${call.phase}`}
      style={style}
      aria-labelledby="call-widget-title"
      data-testid="call-widget"
      data-phase={call.phase}
      data-call-id={call.id}
    >
      <div class="call-widget-bar" {...dragProps}>
        <Icon name="phone" size={16} />
        <h2 id="call-widget-title" aria-live="polite">
          {title}
        </h2>
        <button type="button" class="icon-button icon-button-small call-move" {...handleProps}>
          <Icon name="move" size={16} />
        </button>
      </div>
      <div class="call-widget-body">
        <p class="call-contact">
          <strong>{call.contactName}</strong>
          {call.direction === "outbound" ? <span class="muted small"> · {t("outgoing")}</span> : null}
        </p>
        <Body call={call} />
        {call.error && (
          <p class="call-error" role="alert">
            {call.error}
          </p>
        )}
        {alsoRinging.value > 0 && (
          <p class="muted small">
            {alsoRinging.value === 1
              ? t("1 more call is ringing.")
              : t("{count} more calls are ringing.", { count: alsoRinging.value })}
          </p>
        )}
      </div>
    </section>
  );
}

function Body({ call }: { call: CallCard }) {
  switch (call.phase) {
    case "ringing":
      return <Ringing call={call} />;
    case "connecting":
    case "calling":
      return (
        <>
          <p class="call-progress">
            <span class="spinner spinner-xs" aria-hidden="true" />
            <span>
              {call.phase === "calling"
                ? t("Ringing on the customer's phone…")
                : t("Opening the microphone and connecting…")}
            </span>
          </p>
          <div class="call-actions">
            <button type="button" class="button button-small button-danger" onClick={() => void hangUp(call.id)}>
              <Icon name="phone" size={16} />
              <span>{call.phase === "calling" ? t("Cancel call") : t("Hang up")}</span>
            </button>
          </div>
        </>
      );
    case "active":
      return <InCall call={call} />;
    case "taken":
      return (
        <Closing call={call}>
          <p data-testid="call-taken-by">{t("Answered by {name}.", { name: call.takenBy ?? t("another agent") })}</p>
        </Closing>
      );
    case "ended":
      return (
        <Closing call={call}>
          <p>
            {call.missed
              ? t("The call ended before it was answered.")
              : call.durationSeconds > 0
                ? t("Talked for {time}.", { time: duration(call.durationSeconds * 1000) })
                : t("The call ended.")}
          </p>
        </Closing>
      );
  }
}

function Ringing({ call }: { call: CallCard }) {
  return (
    <>
      {call.roomId && (
        <p class="small">
          <Link href={`/rooms/${encodeURIComponent(call.roomId)}`}>{t("Open the conversation")}</Link>
        </p>
      )}
      <div class="call-actions">
        <button
          type="button"
          class="button button-small button-primary call-accept"
          onClick={() => void accept(call.id)}
        >
          <Icon name="phone" size={16} />
          <span>{t("Accept")}</span>
        </button>
        <button type="button" class="button button-small button-danger" onClick={() => void decline(call.id)}>
          <span>{t("Decline")}</span>
        </button>
        <button
          type="button"
          class={`icon-button icon-button-small${ringSound.value ? "" : " pressed"}`}
          aria-pressed={!ringSound.value}
          aria-label={t("Silent ringing")}
          title={ringSound.value ? t("Ring silently") : t("Ring with a sound")}
          onClick={() => setRingSound(!ringSound.value)}
        >
          <Icon name={ringSound.value ? "bell" : "bellOff"} size={16} />
        </button>
      </div>
    </>
  );
}

function InCall({ call }: { call: CallCard }) {
  const now = useNow(1_000);
  const [micError, setMicError] = useState<string | null>(null);
  useEffect(() => void loadMicrophones().catch(() => {}), []);
  const since = call.connectedAt ?? now;
  const audio = flow.value;
  const changeMic = async (deviceId: string) => {
    chooseMicrophone(deviceId);
    setMicError(null);
    try {
      await switchMicrophone(deviceId);
    } catch (error) {
      setMicError(error instanceof Error ? error.message : t("That microphone could not be opened."));
    }
  };
  return (
    <>
      <p class="call-duration" data-testid="call-duration">
        <span class="visually-hidden">{t("Duration")} </span>
        <time>{clock(Math.max(0, now - since))}</time>
      </p>
      <p
        class="call-audio small"
        data-testid="call-audio"
        data-received={audio?.received ?? 0}
        data-sent={audio?.sent ?? 0}
      >
        {!audio || audio.connection === "new" || audio.connection === "connecting"
          ? t("Connecting audio…")
          : audio.connection !== "connected"
            ? t("The audio connection is lost.")
            : audio.received > 0
              ? t("Audio is flowing both ways.")
              : t("No sound from the customer yet.")}
      </p>
      {microphones.value.length > 1 && (
        <label class="call-mic small">
          <span>{t("Microphone")}</span>
          <select value={chosenMicrophone.value} onChange={(e) => void changeMic(e.currentTarget.value)}>
            <option value="">{t("Default")}</option>
            {microphones.value.map((m) => (
              <option key={m.deviceId} value={m.deviceId}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {micError && <p class="call-error">{micError}</p>}
      <div class="call-actions">
        <button
          type="button"
          class={`button button-small${muted.value ? " pressed" : ""}`}
          aria-pressed={muted.value}
          onClick={toggleMute}
        >
          <Icon name={muted.value ? "micOff" : "mic"} size={16} />
          <span>{muted.value ? t("Unmute") : t("Mute")}</span>
        </button>
        <button type="button" class="button button-small button-danger" onClick={() => void hangUp(call.id)}>
          <Icon name="phone" size={16} />
          <span>{t("Hang up")}</span>
        </button>
      </div>
    </>
  );
}

/** "0:07", "12:34", "1:02:03": a call's running time. */
function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = `${total % 60}`.padStart(2, "0");
  return h > 0 ? `${h}:${`${m}`.padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function Closing({ call, children }: { call: CallCard; children: preact.ComponentChildren }) {
  return (
    <>
      {children}
      <div class="call-actions">
        <button type="button" class="button button-small" onClick={() => dismiss(call.id)}>
          {t("Close")}
        </button>
      </div>
    </>
  );
}
