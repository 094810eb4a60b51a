/**
 * The one HTTP client of the web app: JSON in, JSON out, the session cookie sent along, and every
 * failure turned into an ApiError that carries the problem `code` of the API.
 *
 * Every type comes from the worker's zod schemas as type-only imports, so none of zod reaches the
 * bundle: responses are `z.infer` of the schema a route answers with, request bodies and queries
 * `z.input` of the schema the route validates with. A changed server body is a type error here
 * (`npx tsc --noEmit -p web/tsconfig.json`), not a 422 at run time.
 */
import type { z } from "@hono/zod-openapi";
import type {
  Channel,
  ChannelListSchema,
  CreateChannelBodySchema,
  UpdateChannelBodySchema,
} from "../../worker/schemas/channels";
import type { CsatSettingsSchema } from "../../worker/schemas/csat";
import type {
  AcceptInvitationBodySchema,
  ApiKeyListSchema,
  ChangePasswordBodySchema,
  ConfirmEmailBodySchema,
  CreateApiKeyBodySchema,
  CreatedApiKey,
  CreateUserBodySchema,
  ForgotPasswordBodySchema,
  InvitationPreview,
  LoginBodySchema,
  Me,
  Member,
  MyInvitationListSchema,
  ResetPasswordBodySchema,
  SwitchBodySchema,
  TokenBodySchema,
  UpdateUserBodySchema,
  UserListSchema,
} from "../../worker/schemas/identity";
import type {
  BulkBodySchema,
  BulkResultSchema,
  CreateLabelBodySchema,
  Label,
  LabelListSchema,
  UpdateLabelBodySchema,
} from "../../worker/schemas/labels";
import type { OfficeHoursSchema, OfficeHoursViewSchema } from "../../worker/schemas/office-hours";
import type {
  CreateQuickReplyBodySchema,
  QuickReply,
  QuickReplyListSchema,
  UpdateQuickReplyBodySchema,
} from "../../worker/schemas/quick-replies";
import type {
  AssignBodySchema,
  Contact,
  CreateContactBodySchema,
  MediaUploadSchema,
  MessageListQuerySchema,
  MessageListSchema,
  NoteBodySchema,
  ResolveExpiredSchema,
  Room,
  RoomListQuerySchema,
  RoomListSchema,
  RoomMessage,
  SendMessageBodySchema,
  SendTemplateBodySchema,
  SettingsSchema,
  StartConversationBodySchema,
  TeamSchema,
} from "../../worker/schemas/rooms";
import type {
  CreateTemplateBodySchema,
  OtpRequestBodySchema,
  OtpSentSchema,
  SecuritySettings,
  TemplateListQuerySchema,
  TemplateView,
  TemplateViewListSchema,
  UpdateSecuritySettingsBodySchema,
} from "../../worker/schemas/templates";

export type { Channel } from "../../worker/schemas/channels";
export type {
  ApiKey,
  CreatedApiKey,
  InvitationPreview,
  Me,
  Member,
  MyInvitation,
  Organization,
  Role,
  User,
} from "../../worker/schemas/identity";
export type { QuickReply } from "../../worker/schemas/quick-replies";
export type { Contact, Room, RoomMessage, TeamMember } from "../../worker/schemas/rooms";
export type { SecuritySettings, TemplateView } from "../../worker/schemas/templates";

/** What a route accepts: the input side of its zod schema (before defaults and coercion). */
type In<S extends z.ZodType> = z.input<S>;
/** What a route answers: the output side of its zod schema. */
type Out<S extends z.ZodType> = z.infer<S>;
/** A query string: every field optional, typed as the route reads it (its schema coerces the text). */
type Query<S extends z.ZodType> = Partial<z.infer<S>>;

/** A message template as the API lists it (rules T1-T3): status, quality and the provider's reason. */
export type Template = TemplateView;
export type TemplateStatus = TemplateView["status"];
export type TemplateQuality = TemplateView["quality"];
export type TemplateCategory = TemplateView["category"];
export type CreateTemplateBody = In<typeof CreateTemplateBodySchema>;
export type OtpSent = Out<typeof OtpSentSchema>;
export type OtpPurpose = In<typeof OtpRequestBodySchema>["purpose"];
export type TemplateFilters = Query<typeof TemplateListQuerySchema>;
export type RoomListQuery = Query<typeof RoomListQuerySchema>;
export type RoomView = NonNullable<RoomListQuery["view"]>;
export type MessageStatus = RoomMessage["status"];
export type UploadedMedia = Out<typeof MediaUploadSchema>;
export type Settings = Out<typeof SettingsSchema>;
export type OfficeHoursView = Out<typeof OfficeHoursViewSchema>;
export type CsatSettings = Out<typeof CsatSettingsSchema>;
export type OfficeHoursBody = In<typeof OfficeHoursSchema>;
export type ChannelInput = In<typeof CreateChannelBodySchema>;
export type ChannelUpdate = In<typeof UpdateChannelBodySchema>;
export type SendBody = In<typeof SendMessageBodySchema>;
export type { Label };
export type BulkBody = In<typeof BulkBodySchema>;
export type BulkResult = Out<typeof BulkResultSchema>;
export type { FieldError } from "./http";

export { ApiError, authed, sessionEnded, setUnauthenticatedHandler, toApiError } from "./http";

import { authed, enc, q, request } from "./http";

const quickRepliesPath = (scope: "team" | "personal") =>
  scope === "team" ? "/api/quick-replies" : "/api/me/quick-replies";

export const api = {
  /** The signed-in user, or an ApiError with status 401 when there is no session. */
  me: () => request<Me>("GET", "/api/me"),
  /** Who is signed in, or null: never a 401 (issue 17: no error in the console on the sign-in page). */
  session: async () => (await request<{ me: Me | null }>("GET", "/api/auth/session")).me,
  login: (email: string, password: string) =>
    request<Me>("POST", "/api/auth/login", { email, password } satisfies In<typeof LoginBodySchema>),
  logout: () => authed<void>("POST", "/api/auth/logout"),
  switchOrganization: (organizationId: string) =>
    authed<Me>("POST", "/api/auth/switch", { organizationId } satisfies In<typeof SwitchBodySchema>),
  /** Always accepted: the API does not reveal whether the email has an account. */
  forgotPassword: (email: string) =>
    request<void>("POST", "/api/auth/password/forgot", { email } satisfies In<typeof ForgotPasswordBodySchema>),
  resetPassword: (token: string, newPassword: string) =>
    request<void>("POST", "/api/auth/password/reset", {
      token,
      newPassword,
    } satisfies In<typeof ResetPasswordBodySchema>),
  // The links mailed to a person (rules A1, A4): an invitation, a new email to confirm.
  previewInvitation: (token: string) =>
    request<InvitationPreview>("POST", "/api/auth/invitation", { token } satisfies In<typeof TokenBodySchema>),
  acceptInvitation: (token: string, newPassword?: string) =>
    request<void>("POST", "/api/auth/invitation/accept", {
      token,
      ...(newPassword ? { newPassword } : {}),
    } satisfies In<typeof AcceptInvitationBodySchema>),
  confirmEmail: (token: string, password: string) =>
    request<{ email: string }>("POST", "/api/auth/email/confirm", {
      token,
      password,
    } satisfies In<typeof ConfirmEmailBodySchema>),
  myInvitations: () => authed<Out<typeof MyInvitationListSchema>>("GET", "/api/me/invitations"),
  acceptMyInvitation: (organizationId: string) =>
    authed<Me>("POST", `/api/me/invitations/${enc(organizationId)}/accept`),
  declineMyInvitation: (organizationId: string) => authed<void>("DELETE", `/api/me/invitations/${enc(organizationId)}`),
  changePassword: (currentPassword: string, newPassword: string) =>
    authed<void>("PUT", "/api/me/password", {
      currentPassword,
      newPassword,
    } satisfies In<typeof ChangePasswordBodySchema>),

  // Inbox and rooms (rules I1-I6)
  rooms: (params: RoomListQuery & { view: RoomView }) =>
    authed<Out<typeof RoomListSchema>>("GET", `/api/rooms${q(params)}`),
  room: (id: string) => authed<Room>("GET", `/api/rooms/${enc(id)}`),
  messages: (id: string, params: Query<typeof MessageListQuerySchema> = {}) =>
    authed<Out<typeof MessageListSchema>>("GET", `/api/rooms/${enc(id)}/messages${q(params)}`),
  send: (id: string, body: SendBody) => authed<RoomMessage>("POST", `/api/rooms/${enc(id)}/messages`, body),
  sendTemplate: (id: string, body: In<typeof SendTemplateBodySchema>) =>
    authed<RoomMessage>("POST", `/api/rooms/${enc(id)}/template-messages`, body),
  addNote: (id: string, text: string) =>
    authed<RoomMessage>("POST", `/api/rooms/${enc(id)}/notes`, { text } satisfies In<typeof NoteBodySchema>),
  assign: (id: string, userId: string) =>
    authed<Room>("POST", `/api/rooms/${enc(id)}/assign`, { userId } satisfies In<typeof AssignBodySchema>),
  take: (id: string) => authed<Room>("POST", `/api/rooms/${enc(id)}/take`),
  resolve: (id: string) => authed<Room>("POST", `/api/rooms/${enc(id)}/resolve`),
  markRead: (id: string) => authed<Room>("POST", `/api/rooms/${enc(id)}/read`),
  resolveExpired: () => authed<Out<typeof ResolveExpiredSchema>>("POST", "/api/rooms/resolve-expired"),
  // Finding and sorting work (issue 17 item 3, rule I11): labels, snooze, mark unread, bulk actions.
  labels: () => authed<Out<typeof LabelListSchema>>("GET", "/api/labels"),
  /** Admin › Labels: each label with its number of open rooms (I11). */
  labelsWithCounts: () => authed<Out<typeof LabelListSchema>>("GET", "/api/labels?count=open"),
  createLabel: (body: In<typeof CreateLabelBodySchema>) => authed<Label>("POST", "/api/labels", body),
  updateLabel: (id: string, body: In<typeof UpdateLabelBodySchema>) =>
    authed<Label>("PATCH", `/api/labels/${enc(id)}`, body),
  deleteLabel: (id: string) => authed<void>("DELETE", `/api/labels/${enc(id)}`),
  setRoomLabels: (id: string, labelIds: string[]) =>
    authed<{ labels: Label[] }>("PUT", `/api/rooms/${enc(id)}/labels`, { labelIds }),
  snooze: (id: string, until: number) => authed<Room>("POST", `/api/rooms/${enc(id)}/snooze`, { until }),
  unsnooze: (id: string) => authed<Room>("DELETE", `/api/rooms/${enc(id)}/snooze`),
  markUnread: (id: string) => authed<Room>("POST", `/api/rooms/${enc(id)}/unread`),
  bulk: (body: BulkBody) => authed<BulkResult>("POST", "/api/rooms/bulk", body),
  upload: (file: File) => {
    const form = new FormData();
    form.set("file", file, file.name);
    return authed<UploadedMedia>("POST", "/api/media", form);
  },

  // Contacts
  contact: (id: string) => authed<Contact>("GET", `/api/contacts/${enc(id)}`),
  addContact: (body: In<typeof CreateContactBodySchema>) => authed<Contact>("POST", "/api/contacts", body),
  block: (id: string) => authed<Contact>("POST", `/api/contacts/${enc(id)}/block`),
  unblock: (id: string) => authed<Contact>("POST", `/api/contacts/${enc(id)}/unblock`),
  startConversation: (contactId: string, body: In<typeof StartConversationBodySchema>) =>
    authed<{ room: Room; message: RoomMessage }>("POST", `/api/contacts/${enc(contactId)}/template-messages`, body),

  // Team, templates, quick replies
  team: () => authed<Out<typeof TeamSchema>>("GET", "/api/team"),
  templates: (filters: TemplateFilters = {}) =>
    authed<Out<typeof TemplateViewListSchema>>("GET", `/api/templates${q({ ...filters })}`),
  quickReplies: () => authed<Out<typeof QuickReplyListSchema>>("GET", "/api/quick-replies"),
  // The team's (admins) at /api/quick-replies; one's own (issue 17) at /api/me/quick-replies.
  createQuickReply: (body: In<typeof CreateQuickReplyBodySchema>, scope: QuickReply["scope"] = "team") =>
    authed<QuickReply>("POST", quickRepliesPath(scope), body),
  updateQuickReply: (id: string, body: In<typeof UpdateQuickReplyBodySchema>, scope: QuickReply["scope"] = "team") =>
    authed<QuickReply>("PATCH", `${quickRepliesPath(scope)}/${enc(id)}`, body),
  deleteQuickReply: (id: string, scope: QuickReply["scope"] = "team") =>
    authed<void>("DELETE", `${quickRepliesPath(scope)}/${enc(id)}`),

  // Administration (rules A3, A4, I4, I7)
  users: () => authed<Out<typeof UserListSchema>>("GET", "/api/users"),
  createUser: (body: In<typeof CreateUserBodySchema>) => authed<Member>("POST", "/api/users", body),
  updateUser: (id: string, body: In<typeof UpdateUserBodySchema>) =>
    authed<Member>("PATCH", `/api/users/${enc(id)}`, body),
  removeUser: (id: string) => authed<void>("DELETE", `/api/users/${enc(id)}`),
  channels: () => authed<Out<typeof ChannelListSchema>>("GET", "/api/channels"),
  createChannel: (body: ChannelInput) => authed<Channel>("POST", "/api/channels", body),
  updateChannel: (id: string, body: ChannelUpdate) => authed<Channel>("PATCH", `/api/channels/${enc(id)}`, body),
  apiKeys: () => authed<Out<typeof ApiKeyListSchema>>("GET", "/api/api-keys"),
  createApiKey: (body: In<typeof CreateApiKeyBodySchema>) => authed<CreatedApiKey>("POST", "/api/api-keys", body),
  revokeApiKey: (id: string) => authed<void>("DELETE", `/api/api-keys/${enc(id)}`),
  settings: () => authed<Settings>("GET", "/api/settings"),
  saveSettings: (body: In<typeof SettingsSchema>) => authed<Settings>("PUT", "/api/settings", body),
  officeHours: () => authed<OfficeHoursView>("GET", "/api/settings/office-hours"),
  csatSettings: () => authed<CsatSettings>("GET", "/api/settings/csat"),
  saveCsatSettings: (body: In<typeof CsatSettingsSchema>) => authed<CsatSettings>("PUT", "/api/settings/csat", body),
  saveOfficeHours: (body: OfficeHoursBody) => authed<OfficeHoursView>("PUT", "/api/settings/office-hours", body),

  // Templates (rules T1-T4): submit, delete, header samples; OTP and the security setting
  createTemplate: (body: CreateTemplateBody) => authed<Template>("POST", "/api/templates", body),
  deleteTemplate: (id: string) => authed<void>("DELETE", `/api/templates/${enc(id)}`),
  uploadTemplateSample: (file: File) => {
    const form = new FormData();
    form.set("purpose", "template_sample");
    form.set("file", file, file.name);
    return authed<UploadedMedia>("POST", "/api/media", form);
  },
  requestOtp: (purpose: OtpPurpose) =>
    authed<OtpSent>("POST", "/api/otp", { purpose } satisfies In<typeof OtpRequestBodySchema>),
  securitySettings: () => authed<SecuritySettings>("GET", "/api/settings/security"),
  saveSecuritySettings: (body: In<typeof UpdateSecuritySettingsBodySchema>) =>
    authed<SecuritySettings>("PUT", "/api/settings/security", body),
};
