import type { ComponentChildren } from "preact";
import { navigate } from "../router";

interface LinkProps {
  href: string;
  class?: string;
  /** An accessible name when the content is an icon. */
  label?: string;
  /** Marks the link as the current page (or item) for assistive tech. */
  current?: boolean;
  children: ComponentChildren;
  onNavigate?: () => void;
}

/** An ordinary link that navigates inside the app without a page load (modifier-clicks still open tabs). */
export function Link({ href, class: className, label, current, children, onNavigate }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    event.preventDefault();
    navigate(href);
    onNavigate?.();
  };
  return (
    <a href={href} class={className} onClick={onClick} aria-label={label} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}
