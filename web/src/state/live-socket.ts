/**
 * One self-healing WebSocket (rule I5), used for the inbox feed and the open room (realtime.ts):
 * exponential backoff (0.5 s doubling to 30 s, with jitter), quick retries just after the network
 * came back, a ping every 20 s and a reconnect after 45 s of silence. A close with a code of
 * worker/schemas/realtime.ts is the server's word (G7) and is never retried with backoff.
 */
import { signal } from "@preact/signals";
import { SOCKET_CLOSE } from "../../../worker/schemas/realtime";

export type SocketStatus = "idle" | "connecting" | "open" | "waiting";

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const PING_EVERY_MS = 20_000;
const SILENCE_LIMIT_MS = 45_000;
const RECENTLY_ONLINE_MS = 15_000;
let lastOnlineAt = 0;

/** The browser says the network is back: the first retries stay quick for a while. */
export function markOnline() {
  online.value = true;
  lastOnlineAt = Date.now();
}

/** True while the browser says it has a network. */
export const online = signal(typeof navigator === "undefined" ? true : navigator.onLine);

/** Called after a few failed attempts in a row: the session may have ended (the API client then signs out). */
let onTrouble: (() => void) | undefined;
export function setTroubleHandler(handler: () => void) {
  onTrouble = handler;
}

/** Called when the server closed a socket because the session ended (4401): the app signs out. */
let onSessionEnded: (() => void) | undefined;
export function setSessionEndedHandler(handler: () => void) {
  onSessionEnded = handler;
}

/** How a socket ended on the server's word, not by a network drop. */
type EndedBy = typeof SOCKET_CLOSE.sessionEnded | typeof SOCKET_CLOSE.accessChanged;
const isEnd = (code: number): code is EndedBy =>
  code === SOCKET_CLOSE.sessionEnded || code === SOCKET_CLOSE.accessChanged;

export class LiveSocket {
  readonly status = signal<SocketStatus>("idle");
  /** True once this socket has been open at least once: later drops show "reconnecting". */
  readonly wasOpen = signal(false);
  private ws: WebSocket | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private running = false;

  constructor(
    private readonly path: () => string,
    private readonly onEvent: (event: unknown) => void,
    private readonly onOpen: (resumed: boolean) => void = () => {},
    /** The server ended the socket on purpose; by default it stops (no reconnect). */
    private readonly onEnd: (socket: LiveSocket, code: EndedBy) => void = (socket) => socket.stop(),
  ) {}

  start() {
    this.running = true;
    this.connect();
  }

  stop() {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.drop();
    this.status.value = "idle";
    this.wasOpen.value = false;
  }

  send(event: unknown): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(event));
    return true;
  }

  /** Drops the current connection (if any) and connects again now. */
  reconnectNow() {
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    this.drop();
    this.connect();
  }

  /** The network is gone: close, and wait for `online` to come back. */
  suspend() {
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    this.drop();
    this.status.value = "waiting";
  }

  private drop() {
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000, "bye");
      } catch {
        // already closing
      }
    }
  }

  private connect() {
    if (!this.running) return;
    if (!online.value) {
      this.status.value = "waiting";
      return;
    }
    this.status.value = "connecting";
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${scheme}//${window.location.host}${this.path()}`);
    } catch {
      this.retryLater();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      const resumed = this.wasOpen.value;
      this.attempts = 0;
      this.lastHeard = Date.now();
      this.status.value = "open";
      this.wasOpen.value = true;
      this.pingTimer = setInterval(() => this.heartbeat(), PING_EVERY_MS);
      this.onOpen(resumed);
    };
    ws.onmessage = (message) => {
      this.lastHeard = Date.now();
      if (typeof message.data !== "string") return;
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      if ((event as { type?: unknown }).type === "pong") return;
      this.onEvent(event);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      if (isEnd(event.code)) {
        if (event.code === SOCKET_CLOSE.sessionEnded) {
          this.stop();
          onSessionEnded?.();
        } else {
          this.onEnd(this, event.code);
        }
        return;
      }
      this.retryLater();
    };
  }

  private heartbeat() {
    if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
      this.reconnectNow();
      return;
    }
    this.send({ type: "ping" });
  }

  private retryLater() {
    if (!this.running) return;
    this.status.value = "waiting";
    // Just after the network came back the first tries may still fail: keep them quick for a while.
    const justOnline = Date.now() - lastOnlineAt < RECENTLY_ONLINE_MS;
    const backoff = justOnline ? BASE_DELAY_MS * 2 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempts);
    const delay = backoff * (0.75 + Math.random() * 0.5);
    this.attempts += 1;
    if (this.attempts === 3) onTrouble?.();
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
