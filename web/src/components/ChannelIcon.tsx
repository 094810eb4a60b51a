import type { ChannelKindName } from "../../../worker/domain/types";
import { WhatsAppIcon } from "./Icon";

/** Each channel kind's name as agents read it (issue 16). */
export const CHANNEL_LABELS: Record<ChannelKindName, string> = {
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  line: "LINE",
  messenger: "Messenger",
  instagram: "Instagram",
  email: "Email",
  webchat: "Webchat",
};

const MARKS: Record<Exclude<ChannelKindName, "whatsapp">, { fill: string; path: string }> = {
  email: {
    fill: "#5f6b7a",
    path: "M6.5 8h11c.6 0 1 .4 1 1v6c0 .6-.4 1-1 1h-11c-.6 0-1-.4-1-1V9c0-.6.4-1 1-1zm.4 1.2L12 12.6l5.1-3.4H6.9zm10.6 1.1-5.2 3.4c-.2.1-.4.1-.6 0l-5.2-3.4V15h11v-4.7z",
  },
  telegram: {
    fill: "#229ed9",
    path: "M5.4 11.6l10.9-4.2c.5-.2 1 .1.8.9l-1.9 8.7c-.1.6-.5.8-1 .5l-2.8-2.1-1.4 1.3c-.2.2-.3.3-.6.3l.2-2.9 5.2-4.7c.2-.2-.1-.3-.3-.2l-6.5 4.1-2.8-.9c-.6-.2-.6-.6.2-.8z",
  },
  line: {
    fill: "#06c755",
    path: "M12 5.5c-4 0-7.2 2.6-7.2 5.8 0 2.9 2.6 5.3 6 5.7.2 0 .6.2.7.4v1.1c0 .3.2 1.1 1 .6s4.3-2.5 5.8-4.3c1-1.1 1-2.2 1-3.5 0-3.2-3.3-5.8-7.3-5.8z",
  },
  messenger: {
    fill: "#0a7cff",
    path: "M12 5c-3.9 0-7 2.9-7 6.8 0 2.1.9 3.9 2.3 5.1v2.3l2.2-1.2c.8.2 1.6.4 2.5.4 3.9 0 7-2.9 7-6.6S15.9 5 12 5zm.7 8.9l-1.8-1.9-3.5 1.9 3.9-4.1 1.8 1.9 3.5-1.9-3.9 4.1z",
  },
  webchat: {
    fill: "#5b5bd6",
    path: "M7 7h10a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-5.5L8 18.8V16H7a2 2 0 0 1-2-2V9a2 2 0 0 1 2-2zm1.5 3.5a1 1 0 1 0 0 2 1 1 0 0 0 0-2zm3.5 0a1 1 0 1 0 0 2 1 1 0 0 0 0-2zm3.5 0a1 1 0 1 0 0 2 1 1 0 0 0 0-2z",
  },
  instagram: {
    fill: "#d62976",
    path: "M9 6.5h6A2.5 2.5 0 0 1 17.5 9v6a2.5 2.5 0 0 1-2.5 2.5H9A2.5 2.5 0 0 1 6.5 15V9A2.5 2.5 0 0 1 9 6.5zm3 2.8a2.7 2.7 0 1 0 0 5.4 2.7 2.7 0 0 0 0-5.4zm0 1.2a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm3-2.1a.6.6 0 1 0 0 1.2.6.6 0 0 0 0-1.2z",
  },
};

/** A room's or a channel's mark (issue 16: every room in the list and its header shows its channel). */
export function ChannelIcon({ kind = "whatsapp", size = 16 }: { kind?: ChannelKindName | undefined; size?: number }) {
  if (kind === "whatsapp") return <WhatsAppIcon size={size} />;
  const mark = MARKS[kind];
  return (
    <svg
      class={`channel-icon ${kind}`}
      data-channel-kind={kind}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="12" r="12" fill={mark.fill} />
      <path fill="#fff" d={mark.path} />
    </svg>
  );
}
