/**
 * The one place channel kinds are listed: a new kind is its folder under `channels/` plus one line
 * here (and its config in `ChannelConfigs`, its policy in `domain/channel-policy.ts`).
 */
import type { ChannelAdapter } from "./adapter";
import type { ChannelKind } from "./config";
import { emailAdapter } from "./email/adapter";
import { lineAdapter } from "./line/adapter";
import { instagramAdapter, messengerAdapter } from "./meta-messaging/adapter";
import { telegramAdapter } from "./telegram/adapter";
import { webchatAdapter } from "./webchat/adapter";
import { whatsAppAdapter } from "./whatsapp/adapter";

const ADAPTERS: { [K in ChannelKind]: ChannelAdapter<K> } = {
  whatsapp: whatsAppAdapter,
  telegram: telegramAdapter,
  line: lineAdapter,
  messenger: messengerAdapter,
  instagram: instagramAdapter,
  email: emailAdapter,
  webchat: webchatAdapter,
};

export function adapterFor<K extends ChannelKind>(kind: K): ChannelAdapter<K> {
  return ADAPTERS[kind];
}

/** The adapter of a kind named in a URL, or null when no such kind exists. */
export function adapterNamed(name: string): ChannelAdapter | null {
  return Object.hasOwn(ADAPTERS, name) ? ADAPTERS[name as ChannelKind] : null;
}
