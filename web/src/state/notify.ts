/**
 * Rule I5: while the tab is hidden, new customer messages count up in the tab title and, once the
 * agent has allowed it, show a browser notification that opens the room when clicked. On another
 * page of the app (Reports, Broadcast, Admin ...), where the inbox is not in sight, the notification
 * and the sound come too; on the inbox and in a room the list itself shows the message.
 */
import { signal } from "@preact/signals";
import { location, matchAppRoute, navigate } from "../router";
import { unseenCount } from "../title";
import { preferences } from "./preferences";

const supported = typeof window !== "undefined" && "Notification" in window;

/** "unsupported", or the browser's permission: "default" (not asked yet), "granted", "denied". */
export const permission = signal<NotificationPermission | "unsupported">(
  supported ? Notification.permission : "unsupported",
);

export async function askPermission(): Promise<void> {
  if (!supported) return;
  try {
    permission.value = await Notification.requestPermission();
  } catch {
    permission.value = Notification.permission;
  }
}

function hidden(): boolean {
  return document.visibilityState === "hidden";
}

/** Whether the inbox's list (or a room beside it) is on screen: the inbox page or a room page. */
function inboxInSight(): boolean {
  return matchAppRoute(location.value.pathname).name === "inbox";
}

/** A new message from a customer in a room the agent should hear about. */
export function newCustomerMessage(roomId: string, title: string, body: string) {
  if (!hidden() && inboxInSight()) return;
  if (hidden()) unseenCount.value += 1;
  // Issue 17 item 7: the person's own choices, kept with their account (the profile page).
  const choices = preferences.value;
  if (choices?.notificationSound) chime();
  if (choices?.desktopNotifications === false) return;
  if (!supported || Notification.permission !== "granted") return;
  try {
    const notification = new Notification(title, { body, tag: roomId });
    notification.onclick = () => {
      window.focus();
      navigate(`/rooms/${encodeURIComponent(roomId)}`);
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the title count still shows.
  }
}

document.addEventListener("visibilitychange", () => {
  if (!hidden()) unseenCount.value = 0;
});
window.addEventListener("focus", () => {
  unseenCount.value = 0;
});

/** How many times the sound played. */
export const chimes = signal(0);

/** A short, quiet two-tone sound (no file to load). Browsers may keep it silent until the page was used. */
function chime() {
  try {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.gain.value = 0.06;
    gain.connect(audio.destination);
    [880, 1320].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(audio.currentTime + i * 0.12);
      tone.stop(audio.currentTime + i * 0.12 + 0.1);
    });
    setTimeout(() => void audio.close(), 600);
    chimes.value += 1;
  } catch {
    // No audio here (or not allowed yet): the title count and the notification still tell.
  }
}
