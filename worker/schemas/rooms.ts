import { z } from "@hono/zod-openapi";
import { MESSAGE_KINDS } from "../channels/types";
import { CHANNEL_KINDS } from "../domain/types";
import { LabelSchema } from "./labels";
import { MessageDetailsSchema } from "./message-details";
import { TemplateSendExtrasSchema } from "./templates";

/** Rooms, messages and contacts: request and response shapes, shared with the web app as types. */

export const RoomSchema = z
  .object({
    id: z.string(),
    status: z.enum(["unassigned", "assigned", "resolved"]),
    assigneeId: z.string().nullable(),
    channelId: z.string(),
    channelName: z.string(),
    /** The channel's kind, for its icon (issue 16); absent in rooms listed before kinds: WhatsApp. */
    channelKind: z.enum(CHANNEL_KINDS).optional(),
    contactId: z.string(),
    contactExternalId: z.string(),
    contactName: z.string().nullable(),
    contactBlocked: z.boolean(),
    lastMessagePreview: z.string().nullable(),
    lastMessageAt: z.number().int(),
    lastCustomerMessageAt: z.number().int().nullable(),
    windowExpiresAt: z.number().int().nullable(),
    unreadCount: z.number().int(),
    openedAt: z.number().int(),
    resolvedAt: z.number().int().nullable(),
    /** Rule I5. */
    version: z.number().int().openapi({
      description: "Counts the room's changes: of two copies of a room, the one with the higher version is the newer.",
    }),
    /** Issue 17 item 3: on the list and `GET /api/rooms/{id}` (rule I11). */
    labels: z.array(LabelSchema).optional(),
    /** Issue 17: the asking agent marked the room unread for themself. */
    markedUnread: z.boolean().optional(),
    /** Issue 17: snoozed until then (ms), else null. */
    snoozedUntil: z.number().int().nullable().optional(),
  })
  .openapi("Room");
export const RoomListSchema = z
  .object({ rooms: z.array(RoomSchema), nextCursor: z.string().nullable() })
  .openapi("RoomList");

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A day is YYYY-MM-DD.");
export const RoomListQuerySchema = z.object({
  /** Without it: `all` for supervisors and admins, `mine` for agents (the route picks, by role). */
  view: z.enum(["mine", "unassigned", "resolved", "all", "snoozed"]).optional(),
  q: z.string().trim().max(100).optional().openapi({
    description:
      "Words to find in the contact's name or number and in the message history, across every tab one may see",
  }),
  /** Rule I11: the filters. */
  label: z.string().min(1).max(64).optional(),
  agent: z.string().min(1).max(64).optional().openapi({ description: "The assignee's user id, or `none`" }),
  channel: z.string().min(1).max(64).optional().openapi({ description: "A channel id" }),
  channelKind: z.enum(CHANNEL_KINDS).optional(),
  window: z.enum(["open", "closed"]).optional(),
  from: day.optional().openapi({ description: "Last activity on or after this day (the organization's time zone)" }),
  to: day.optional().openapi({ description: "Last activity on or before this day (the organization's time zone)" }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const RoomIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
export const RoomMessageParamSchema = RoomIdParamSchema.extend({
  messageId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "messageId", in: "path" } }),
});

export const MessageSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    direction: z.enum(["in", "out", "note"]),
    kind: z.enum([...MESSAGE_KINDS, "note"]),
    text: z.string().nullable(),
    media: z
      .object({
        url: z.string().nullable().openapi({ description: "Where the file is served (GET); null until it is stored" }),
        providerMediaId: z.string().nullable(),
        mimeType: z.string().nullable(),
        filename: z.string().nullable(),
        size: z.number().nullable(),
      })
      .nullable(),
    location: z
      .object({
        latitude: z.number(),
        longitude: z.number(),
        name: z.string().nullable(),
        address: z.string().nullable(),
      })
      .nullable(),
    contacts: z.array(z.unknown()).nullable(),
    replyToId: z.string().nullable(),
    reactionToId: z.string().nullable(),
    details: MessageDetailsSchema.nullable(),
    status: z.enum(["received", "pending", "sent", "delivered", "read", "failed"]),
    error: z.object({ code: z.string(), title: z.string(), detail: z.string().nullable() }).nullable(),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    sentAt: z.number().int(),
    createdAt: z.number().int(),
  })
  .openapi("Message");
export const MessageListSchema = z
  .object({
    messages: z.array(MessageSchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: "Pass as `cursor` for the page of older messages; null at the first message" }),
  })
  .openapi("MessageList");
export const MessageListQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional()
    .openapi({ description: "The `nextCursor` of the page before: older messages" }),
  before: z.coerce.number().int().min(0).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const clientMessageId = z.string().min(1).max(64).optional().openapi({
  description: "Idempotency key: the same value returns the message already sent instead of sending twice.",
});
export const SendMessageBodySchema = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("text"),
      text: z.string().trim().min(1).max(4096),
      replyTo: z.string().max(64).optional(),
      clientMessageId,
    }),
    z.object({
      type: z.enum(["image", "video", "audio", "document"]),
      mediaId: z.string().min(1).max(64),
      text: z.string().max(1024).optional(),
      replyTo: z.string().max(64).optional(),
      clientMessageId,
    }),
  ])
  .openapi("SendMessage");

export const SendTemplateBodySchema = z
  .object({
    templateName: z.string().regex(/^[a-z0-9_]{1,512}$/),
    language: z.string().min(2).max(15),
    variables: z.array(z.string().max(1024)).max(20).default([]),
    ...TemplateSendExtrasSchema.shape,
  })
  .openapi("SendTemplate");
export const StartConversationBodySchema = SendTemplateBodySchema.extend({
  channelId: z.string().min(1).max(64),
}).openapi("StartConversation");

export const AssignBodySchema = z.object({ userId: z.string().min(1).max(64) }).openapi("AssignRoom");
export const NoteBodySchema = z.object({ text: z.string().trim().min(1).max(4096) }).openapi("Note");
export const ResolveExpiredSchema = z.object({ resolved: z.number().int() }).openapi("ResolveExpiredResult");

export const ContactSchema = z
  .object({
    id: z.string(),
    externalId: z.string(),
    name: z.string().nullable(),
    blocked: z.boolean(),
    createdAt: z.number().int(),
    /** The channel kind the contact writes from (its `externalId` is that kind's id: a phone for WhatsApp). */
    kind: z.string(),
    email: z.string().nullable(),
    notes: z.string().nullable(),
    attributes: z.record(z.string(), z.string()),
  })
  .openapi("Contact");
export const ContactListSchema = z
  .object({ contacts: z.array(ContactSchema), nextCursor: z.string().nullable() })
  .openapi("ContactList");
export const CreateContactBodySchema = z
  .object({
    phone: z
      .string()
      .transform((s) => s.replace(/[\s+\-()]/g, ""))
      .pipe(z.string().regex(/^\d{8,15}$/, "A phone number in international form, e.g. 6281234567890.")),
    name: z.string().trim().min(1).max(120).optional(),
  })
  .openapi("CreateContact");

export const TicketSchema = z.object({ ticket: z.string(), expiresAt: z.number().int() }).openapi("RealtimeTicket");

export const SettingsSchema = z.object({ autoResolveExpired: z.boolean() }).openapi("Settings");

export const MediaUploadSchema = z
  .object({ id: z.string(), mimeType: z.string(), size: z.number().int(), filename: z.string() })
  .openapi("UploadedMedia");

export type Room = z.infer<typeof RoomSchema>;
export type RoomMessage = z.infer<typeof MessageSchema>;
export type Contact = z.infer<typeof ContactSchema>;

export const TeamSchema = z
  .object({
    members: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.enum(["admin", "supervisor", "agent"]),
        online: z.boolean(),
      }),
    ),
  })
  .openapi("Team");

export type TeamMember = z.infer<typeof TeamSchema>["members"][number];
