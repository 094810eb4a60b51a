/**
 * Makes the call widget movable: drag its title bar with a mouse, pen or finger, or focus its move
 * handle and use the arrow keys (Shift for bigger steps). It never leaves the viewport, and the
 * place is kept for the rest of the session.
 */
import { signal } from "@preact/signals";
import type { ButtonHTMLAttributes, CSSProperties, HTMLAttributes, RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../../i18n";

const STEP = 16;
const BIG_STEP = 64;
/** The offset from the widget's home (the bottom right corner), in pixels. */
const offset = signal({ x: 0, y: 0 });

function clamped(el: HTMLElement | null, x: number, y: number) {
  if (!el) return { x, y };
  // The home position is the rect without the current offset.
  const rect = el.getBoundingClientRect();
  const homeLeft = rect.left - offset.value.x;
  const homeTop = rect.top - offset.value.y;
  const minX = -homeLeft;
  const maxX = window.innerWidth - rect.width - homeLeft;
  const minY = -homeTop;
  const maxY = window.innerHeight - rect.height - homeTop;
  return { x: Math.min(Math.max(x, minX), Math.max(minX, maxX)), y: Math.min(Math.max(y, minY), Math.max(minY, maxY)) };
}

export function useMovable(): {
  ref: RefObject<HTMLElement | null>;
  style: CSSProperties;
  handleProps: ButtonHTMLAttributes<HTMLButtonElement>;
  dragProps: HTMLAttributes<HTMLDivElement>;
} {
  const ref = useRef<HTMLElement>(null);
  const drag = useRef<{ pointer: number; startX: number; startY: number; from: { x: number; y: number } } | null>(null);
  // A smaller window (a phone turned) must not leave the widget outside.
  useEffect(() => {
    const onResize = () => {
      offset.value = clamped(ref.current, offset.value.x, offset.value.y);
    };
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);

  const moveBy = (dx: number, dy: number) => {
    offset.value = clamped(ref.current, offset.value.x + dx, offset.value.y + dy);
  };

  return {
    ref,
    style: { transform: `translate(${offset.value.x}px, ${offset.value.y}px)` },
    handleProps: {
      "aria-label": t("Move the call window (arrow keys)"),
      title: t("Drag, or use the arrow keys, to move"),
      onKeyDown: (event: KeyboardEvent) => {
        const step = event.shiftKey ? BIG_STEP : STEP;
        const moves: Record<string, [number, number]> = {
          ArrowLeft: [-step, 0],
          ArrowRight: [step, 0],
          ArrowUp: [0, -step],
          ArrowDown: [0, step],
        };
        const move = moves[event.key];
        if (!move) return;
        event.preventDefault();
        moveBy(move[0], move[1]);
      },
    },
    dragProps: {
      onPointerDown: (event: PointerEvent & { currentTarget: HTMLDivElement }) => {
        if (event.button !== 0) return;
        if ((event.target as HTMLElement).closest("button") && !(event.target as HTMLElement).closest(".call-move"))
          return;
        drag.current = { pointer: event.pointerId, startX: event.clientX, startY: event.clientY, from: offset.value };
        event.currentTarget.setPointerCapture(event.pointerId);
      },
      onPointerMove: (event: PointerEvent) => {
        const d = drag.current;
        if (!d || d.pointer !== event.pointerId) return;
        offset.value = clamped(ref.current, d.from.x + event.clientX - d.startX, d.from.y + event.clientY - d.startY);
      },
      onPointerUp: () => {
        drag.current = null;
      },
      onPointerCancel: () => {
        drag.current = null;
      },
    },
  };
}
