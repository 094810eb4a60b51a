import { z } from "@hono/zod-openapi";
import { API_SCOPES, DEFAULT_RATE_LIMIT_PER_MINUTE, MAX_RATE_LIMIT_PER_MINUTE } from "../domain/api-clients";
import { AVAILABILITIES } from "../domain/assignment";
import { PreferencesSchema } from "./profile";

/** Request and response shapes of identity and access; shared with the web app as types. */
export const RoleSchema = z.enum(["admin", "supervisor", "agent"]).openapi("Role");
export const EmailSchema = z.email().max(254).openapi({ example: "agent@demo.test" });
export const PasswordSchema = z.string().min(10, "Use at least 10 characters.").max(200);
export const IdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema })
  .openapi("User");

export const OrganizationSchema = z
  .object({ id: z.string(), name: z.string(), timeZone: z.string(), role: RoleSchema })
  .openapi("Organization");

export const MeSchema = z
  .object({
    user: UserSchema.nullable(),
    organization: OrganizationSchema,
    organizations: z.array(OrganizationSchema),
    via: z.enum(["session", "api_key"]),
    /** Rule I12: what you chose in this organization (absent for an API key). */
    availability: z.enum(AVAILABILITIES).optional(),
    /** Issue 17 item 7: your own choices, the same in every browser (absent for an API key). */
    preferences: PreferencesSchema.optional(),
    /** Rule I7: whether you may change your own name (only when you administer each of your organizations). */
    mayEditName: z.boolean().optional(),
  })
  .openapi("Me");

/** GET /api/auth/session: who this browser's session is, or `null` when nobody is signed in. */
export const SessionProbeSchema = z.object({ me: MeSchema.nullable() }).openapi("SessionProbe");

export const LoginBodySchema = z.object({ email: EmailSchema, password: z.string().min(1).max(200) }).openapi("Login");
export const SwitchBodySchema = z.object({ organizationId: z.string().min(1).max(64) }).openapi("SwitchOrganization");
export const ChangePasswordBodySchema = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema })
  .openapi("ChangePassword");
export const ForgotPasswordBodySchema = z.object({ email: EmailSchema }).openapi("ForgotPassword");
export const ResetPasswordBodySchema = z
  .object({ token: z.string().min(16).max(200), newPassword: PasswordSchema })
  .openapi("ResetPassword");

/**
 * Rules A1, A4 (issue 11, finding 1): no password here, ever: the person is emailed an invitation and
 * chooses their own (a new identity) or keeps theirs (an existing one). Unknown fields are refused.
 */
export const CreateUserBodySchema = z
  .strictObject({
    email: EmailSchema,
    name: z.string().trim().min(1).max(120),
    role: RoleSchema,
  })
  .openapi("CreateUser");
export const UpdateUserBodySchema = z
  .object({ name: z.string().trim().min(1).max(120), email: EmailSchema, role: RoleSchema })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: "Give at least one of name, email, role." })
  .openapi("UpdateUser");
/**
 * A user as their organization's admins see them: `invited` until the person accepts (A4);
 * `emailVerified` once they proved their address (A1); `pendingEmail` waits for its owner's confirmation.
 */
export const MemberSchema = UserSchema.extend({
  status: z.enum(["active", "invited"]),
  emailVerified: z.boolean(),
  pendingEmail: z.string().nullable(),
  invitationExpiresAt: z.number().int().nullable(),
}).openapi("Member");
export const UserListSchema = z.object({ users: z.array(MemberSchema) }).openapi("UserList");

export const TokenBodySchema = z.object({ token: z.string().min(16).max(200) }).openapi("LinkToken");
export const InvitationPreviewSchema = z
  .object({
    organization: z.object({ id: z.string(), name: z.string() }),
    role: RoleSchema,
    email: z.string(),
    needsPassword: z.boolean(),
  })
  .openapi("InvitationPreview");
export const AcceptInvitationBodySchema = z
  .object({ token: z.string().min(16).max(200), newPassword: PasswordSchema.optional() })
  .openapi("AcceptInvitation");
export const ConfirmEmailBodySchema = z
  .object({ token: z.string().min(16).max(200), password: z.string().min(1).max(200) })
  .openapi("ConfirmEmail");
export const ConfirmedEmailSchema = z.object({ email: z.string() }).openapi("ConfirmedEmail");
export const MyInvitationSchema = z
  .object({ organizationId: z.string(), organizationName: z.string(), role: RoleSchema, expiresAt: z.number().int() })
  .openapi("MyInvitation");
export const MyInvitationListSchema = z.object({ invitations: z.array(MyInvitationSchema) }).openapi("MyInvitations");
export const OrganizationParamSchema = z.object({
  organizationId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "organizationId", in: "path" } }),
});

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    prefix: z.string(),
    createdAt: z.number().int(),
    lastUsedAt: z.number().int().nullable(),
    revokedAt: z.number().int().nullable(),
    scopes: z
      .array(z.enum(API_SCOPES))
      .openapi({ description: "read: GETs; write: other methods; admin: org settings" }),
    rateLimitPerMinute: z.number().int(),
  })
  .openapi("ApiKey");
export const CreateApiKeyBodySchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    role: RoleSchema,
    scopes: z
      .array(z.enum(API_SCOPES))
      .min(1)
      .max(API_SCOPES.length)
      .refine((list) => new Set(list).size === list.length, "Name each scope once.")
      .optional()
      .openapi({ description: "Default: read and write, and admin for an admin key" }),
    rateLimitPerMinute: z
      .number()
      .int()
      .min(1)
      .max(MAX_RATE_LIMIT_PER_MINUTE)
      .optional()
      .openapi({ description: `Requests per minute (default ${DEFAULT_RATE_LIMIT_PER_MINUTE}); over it: 429` }),
  })
  .openapi("CreateApiKey");
export const CreatedApiKeySchema = z
  .object({ apiKey: ApiKeySchema, secret: z.string().openapi({ description: "Shown once; store it now." }) })
  .openapi("CreatedApiKey");
export const ApiKeyListSchema = z.object({ apiKeys: z.array(ApiKeySchema) }).openapi("ApiKeyList");

export const OutboxSchema = z
  .object({
    messages: z.array(
      z.object({ id: z.number().int(), to: z.string(), subject: z.string(), text: z.string(), createdAt: z.number() }),
    ),
  })
  .openapi("Outbox");

export type User = z.infer<typeof UserSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
export type MyInvitation = z.infer<typeof MyInvitationSchema>;
export type Organization = z.infer<typeof OrganizationSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
