import { z } from "@hono/zod-openapi";

/** Issue 17: the team's quick replies (admins manage them) and each person's own beside them. */
export const QUICK_REPLY_SCOPES = ["team", "personal"] as const;
export const QuickReplySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    text: z.string(),
    scope: z.enum(QUICK_REPLY_SCOPES),
    updatedAt: z.number().int(),
  })
  .openapi("QuickReply");
export const QuickReplyListSchema = z.object({ quickReplies: z.array(QuickReplySchema) }).openapi("QuickReplyList");
const QuickReplyFieldsSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N}_-]+$/u, "One word: letters, digits, - and _ (typed after /).")
    // The generated pattern would keep the flag as "$/u", which no client's validator matches (issue 18).
    .openapi({ pattern: "^[\\p{L}\\p{N}_-]+$", example: "shipping" }),
  text: z.string().trim().min(1).max(4096),
});
export const CreateQuickReplyBodySchema = QuickReplyFieldsSchema.openapi("CreateQuickReply");
export const UpdateQuickReplyBodySchema = QuickReplyFieldsSchema.partial()
  .refine((b) => Object.keys(b).length > 0, { message: "Give a title or a text." })
  .openapi("UpdateQuickReply");
export type QuickReply = z.infer<typeof QuickReplySchema>;
