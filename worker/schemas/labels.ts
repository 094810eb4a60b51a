import { z } from "@hono/zod-openapi";

/** Rule I11: labels and what the inbox sends to find and sort work (issue 17 item 3). */
export const LabelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    colour: z.string().openapi({ example: "#d97706" }),
  })
  .openapi("Label");
export type Label = z.infer<typeof LabelSchema>;
/** Admin › Labels: a label with how many open (unresolved) rooms carry it (`GET /api/labels?count=open`). */
export const LabelWithCountSchema = LabelSchema.extend({ openRooms: z.number().int().optional() });
export const LabelListSchema = z.object({ labels: z.array(LabelWithCountSchema) }).openapi("LabelList");
export const LabelListQuerySchema = z.object({
  count: z.enum(["open"]).optional().openapi({ description: "`open`: each label's number of open rooms" }),
});

const colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "A colour is #rrggbb.")
  .transform((c) => c.toLowerCase());
export const CreateLabelBodySchema = z
  .object({ name: z.string().trim().min(1).max(40), colour })
  .strict()
  .openapi("CreateLabel");
export const UpdateLabelBodySchema = z
  .object({ name: z.string().trim().min(1).max(40).optional(), colour: colour.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.colour !== undefined, { message: "Give a name or a colour." })
  .openapi("UpdateLabel");
export const LabelIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** At most 20 labels on a room. */
export const RoomLabelsBodySchema = z
  .object({ labelIds: z.array(z.string().min(1).max(64)).max(20) })
  .strict()
  .openapi("RoomLabels");
export const RoomLabelsSchema = z.object({ labels: z.array(LabelSchema) }).openapi("RoomLabelList");

export const SnoozeBodySchema = z
  .object({ until: z.number().int().positive().openapi({ description: "ms since the epoch; in the future" }) })
  .strict()
  .openapi("Snooze");

/** Bulk actions from the list: one request, applied room by room, with each room's outcome. */
export const BulkBodySchema = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("resolve"), roomIds: z.array(z.string().min(1).max(64)).min(1).max(50) }).strict(),
    z
      .object({
        action: z.literal("assign"),
        roomIds: z.array(z.string().min(1).max(64)).min(1).max(50),
        userId: z.string().min(1).max(64),
      })
      .strict(),
    z
      .object({
        action: z.literal("label"),
        roomIds: z.array(z.string().min(1).max(64)).min(1).max(50),
        labelId: z.string().min(1).max(64),
      })
      .strict(),
  ])
  .openapi("BulkAction");
export const BulkResultSchema = z
  .object({
    results: z.array(
      z.object({
        roomId: z.string(),
        ok: z.boolean(),
        code: z.string().nullable(),
        detail: z.string().nullable(),
      }),
    ),
  })
  .openapi("BulkResult");
