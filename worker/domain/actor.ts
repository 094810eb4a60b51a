import type { ApiScope } from "./api-clients";
import type { Role } from "./types";

/** Who is making a request: a signed-in identity or an organization's API key, always in one organization. */
export type Actor =
  | { kind: "session"; identityId: string; organizationId: string; role: Role; sessionHash: string }
  | {
      kind: "api_key";
      apiKeyId: string;
      organizationId: string;
      role: Role;
      /** Issue 18: what the key may do beside its role, and its requests per minute. */
      scopes: readonly ApiScope[];
      rateLimitPerMinute: number;
    }
  /** A single-use realtime ticket: opens one WebSocket for whoever asked for it. */
  | {
      kind: "ticket";
      identityId: string | null;
      organizationId: string;
      role: Role;
      sessionHash: string | null;
      apiKeyId: string | null;
    };
