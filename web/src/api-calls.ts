/**
 * The calls API (rules C1-C7, C11) for the web app: answer, decline, hang up and place calls, the
 * room's call permission, ICE servers, ring groups and a number's calling switches. Types come from
 * the worker's zod schemas (type-only imports), as in api.ts.
 */
import type { z } from "@hono/zod-openapi";
import type {
  CallingSettingsBodySchema,
  CallingSettingsSchema,
  CallPermissionView,
  CallSocketMessage,
  CallView,
  IceServersSchema,
  RingGroupBodySchema,
  RingGroupListSchema,
  RingGroupPatchSchema,
  RingGroupSchema,
  RingingCallsSchema,
} from "../../worker/schemas/calls";
import { authed } from "./http";

export type { CallPermissionView, CallSocketMessage, CallView };
export type IceServers = z.infer<typeof IceServersSchema>["iceServers"];
export type RingGroup = z.infer<typeof RingGroupSchema>;
export type RingGroupBody = z.input<typeof RingGroupBodySchema>;
export type RingGroupPatch = z.input<typeof RingGroupPatchSchema>;
export type CallingSettings = z.infer<typeof CallingSettingsSchema>;

const enc = encodeURIComponent;

export const callsApi = {
  iceServers: () => authed<z.infer<typeof IceServersSchema>>("GET", "/api/calls/ice-servers"),
  call: (id: string) => authed<CallView>("GET", `/api/calls/${enc(id)}`),
  /** C5: what rings me now (a reload during the ring). */
  ringing: () => authed<z.infer<typeof RingingCallsSchema>>("GET", "/api/calls/ringing"),
  /** First accept wins (C5); the others get 409 `call_taken`. */
  accept: (id: string, sdp: string) => authed<CallView>("POST", `/api/calls/${enc(id)}/accept`, { sdp }),
  decline: (id: string) => authed<CallView>("POST", `/api/calls/${enc(id)}/decline`),
  hangUp: (id: string) => authed<CallView>("POST", `/api/calls/${enc(id)}/hangup`),
  /** C4: the answer comes later as `call.answer` on the inbox socket. */
  place: (roomId: string, sdp: string) => authed<CallView>("POST", `/api/rooms/${enc(roomId)}/calls`, { sdp }),
  permission: (roomId: string) => authed<CallPermissionView>("GET", `/api/rooms/${enc(roomId)}/call-permission`),
  /** C2: an open window, at most 1 a day and 2 a week. */
  requestPermission: (roomId: string) =>
    authed<CallPermissionView>("POST", `/api/rooms/${enc(roomId)}/call-permission-requests`, {}),

  // Ring groups (C5, C6, C8), supervisors and admins
  ringGroups: () => authed<z.infer<typeof RingGroupListSchema>>("GET", "/api/ring-groups"),
  createRingGroup: (body: RingGroupBody) => authed<RingGroup>("POST", "/api/ring-groups", body),
  updateRingGroup: (id: string, body: RingGroupPatch) =>
    authed<RingGroup>("PATCH", `/api/ring-groups/${enc(id)}`, body),
  deleteRingGroup: (id: string) => authed<void>("DELETE", `/api/ring-groups/${enc(id)}`),

  // A number's calling switches (C1), admins
  calling: (channelId: string) => authed<CallingSettings>("GET", `/api/channels/${enc(channelId)}/calling`),
  saveCalling: (channelId: string, body: z.input<typeof CallingSettingsBodySchema>) =>
    authed<CallingSettings>("PUT", `/api/channels/${enc(channelId)}/calling`, body),
};
