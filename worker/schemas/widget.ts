import { z } from "@hono/zod-openapi";

/**
 * The website widget's wire shapes (rule G2), shared by the widget's routes, the room's visitor
 * sockets and the widget app (as types). A visitor sees the conversation's messages only: never a
 * note, an agent's id, a provider id or a storage key.
 */
export interface VisitorMessage {
  id: string;
  seq: number;
  from: "visitor" | "agent";
  /** The visitor's own id for a message they sent (the widget's echo: its pending bubble becomes this one). */
  clientMessageId: string | null;
  kind: string;
  text: string | null;
  /** The file, when there is one; fetched at `/widget/<id>/media/<message id>` with the visitor token. */
  media: { mimeType: string | null; filename: string | null; size: number | null; ready: boolean } | null;
  /** The agent's name on a reply; null on the visitor's own messages. */
  authorName: string | null;
  status: string;
  sentAt: number;
}

/** What the visitor socket says: a message as it is now (created or changed), and who is typing. */
export type VisitorEvent =
  | { type: "message"; seq: number; message: VisitorMessage }
  | { type: "typing"; name: string | null };

const userId = z.string().trim().min(1).max(200);
export const WidgetSessionBodySchema = z.object({
  visitorToken: z.string().max(600).optional(),
  /** HMAC identity (G2): the site's user id and hex(HMAC-SHA256(identity secret, user id)). */
  user: z
    .object({
      id: userId,
      hash: z.string().regex(/^[0-9a-fA-F]{64}$/, "hash is 64 hex characters"),
      name: z.string().trim().min(1).max(120).optional(),
    })
    .optional(),
});

export const WidgetMessageBodySchema = z
  .object({
    clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    text: z.string().trim().min(1).max(4096).optional(),
    fileId: z.string().uuid().optional(),
    /** The name the site gave for its user (shown to agents); absent: "Visitor …". */
    name: z.string().trim().min(1).max(120).optional(),
  })
  .refine((b) => b.text !== undefined || b.fileId !== undefined, { message: "Write something or attach a file." });

/** Offline (G2): the visitor leaves an email for the reply. */
export const WidgetEmailBodySchema = z.object({ email: z.string().trim().email().max(200) });
