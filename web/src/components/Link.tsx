import type { ComponentChildren } from "preact";
import { navigate } from "../router";

interface LinkProps {
  href: string;
  class?: string;
  children: ComponentChildren;
}

/** An ordinary link that navigates inside the app without a page load (modifier-clicks still open tabs). */
export function Link({ href, class: className, children }: LinkProps) {
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
  };
  return (
    <a href={href} class={className} onClick={onClick}>
      {children}
    </a>
  );
}
