import { initials } from "../format";

/** A round badge with a person's initials; the color is stable per name. */
export function Avatar({ name, size = "md" }: { name: string; size?: "sm" | "md" | "lg" }) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return (
    <span class={`avatar avatar-${size}`} style={{ "--avatar-hue": String(hash) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
