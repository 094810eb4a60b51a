import { z } from "@hono/zod-openapi";
import { ATTRIBUTE_KEY, EMAIL, MAX_ATTRIBUTE_CHARS, MAX_ATTRIBUTES, MAX_NOTES_CHARS } from "../domain/contact-profile";
import { RoomSchema } from "./rooms";

/** Issue 17 item 5: what an agent may change on a contact's profile; omitted fields stay, null clears. */
export const ContactProfileBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    email: z.string().trim().max(254).regex(EMAIL, "Not an email address.").nullable().optional(),
    notes: z.string().trim().max(MAX_NOTES_CHARS).nullable().optional(),
    attributes: z
      .record(
        z.string().regex(ATTRIBUTE_KEY, "Letters, digits, _ or -, at most 64."),
        z.string().trim().max(MAX_ATTRIBUTE_CHARS),
      )
      .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, `At most ${MAX_ATTRIBUTES} attributes.`)
      .optional()
      .openapi({ description: "Replaces every custom attribute; an empty value removes the key" }),
  })
  .refine((b) => [b.name, b.email, b.notes, b.attributes].some((v) => v !== undefined), {
    message: "Give a name, email, notes or attributes.",
  })
  .openapi("ContactProfileChange", {
    example: { email: "sari@example.com", notes: "Prefers WhatsApp after 17:00", attributes: { tier: "gold" } },
  });

export const ContactRoomsQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ContactRoomsSchema = z
  .object({ rooms: z.array(RoomSchema), nextCursor: z.string().nullable() })
  .openapi("ContactRooms");

export const ImportContactsFormSchema = z.object({
  file: z
    .custom<File>((v) => v instanceof File, { message: "Attach a CSV or XLSX file." })
    .openapi({
      type: "string",
      format: "binary",
      description: "Headings phone, name, email, notes; others are attributes",
    }),
});
export const ContactImportSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    /** Rows of a phone seen before in the file: the first is kept. */
    duplicateCount: z.number().int(),
    /** Rows whose `kind` is another channel (an export's Telegram, LINE ... contacts): left out. */
    otherChannelCount: z.number().int(),
  })
  .openapi("ContactImport");
