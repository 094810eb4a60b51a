import { z } from "@hono/zod-openapi";
import { MAX_LIST_ROWS } from "../domain/contact-list";

/**
 * Contact lists (rule T5): request and response shapes, shared with the web app as types.
 * Upload is multipart (`name`, `file`); a refused file answers 422 `list_invalid` whose `errors`
 * carry `row` and `column` (as the spreadsheet shows them) besides the usual `path`, `code`, `message`.
 */
export const LIST_NAME_MAX = 100;

export const UploadContactListFormSchema = z.object({
  name: z.string().trim().min(1, "Give the list a name.").max(LIST_NAME_MAX),
  file: z
    .custom<File>((v) => v instanceof File, { message: "Attach a CSV or XLSX file." })
    .openapi({ type: "string", format: "binary", description: "CSV (UTF-8 or Windows-1252, , ; or tab) or XLSX" }),
});

export const ContactListSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    columns: z.array(z.string()).openapi({ description: "Headings in file order: lowercase, no spaces" }),
    variableColumns: z
      .array(z.string())
      .openapi({ description: "The headings from column E on: values for template variables" }),
    rowCount: z
      .number()
      .int()
      .openapi({ description: `Contacts kept (at most ${MAX_LIST_ROWS})` }),
    duplicateCount: z.number().int().openapi({ description: "Rows whose phone came earlier in the file" }),
    createdBy: z.string().nullable(),
    createdAt: z.number().int(),
  })
  .openapi("ContactList");
export type ContactListView = z.infer<typeof ContactListSchema>;

export const ContactListPageSchema = z.object({
  lists: z.array(ContactListSchema),
  nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null at the end" }),
});

export const ContactListRowSchema = z
  .object({
    rowNo: z.number().int().openapi({ description: "The row in the uploaded file (heading row is 1)" }),
    phone: z.string().openapi({ description: "E.164", example: "+6281234567890" }),
    cells: z.record(z.string(), z.string()),
  })
  .openapi("ContactListRow");
export type ContactListRow = z.infer<typeof ContactListRowSchema>;

export const ContactListDetailSchema = ContactListSchema.extend({
  rows: z.array(ContactListRowSchema),
  nextCursor: z.string().nullable(),
}).openapi("ContactListDetail");
export type ContactListDetail = z.infer<typeof ContactListDetailSchema>;

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const cursor = z.string().max(200).optional();

export const ContactListPageQuerySchema = z.object({ limit: limit(100, 20), cursor });
export const ContactListRowsQuerySchema = z.object({ limit: limit(500, 50), cursor });
export const ContactListIdParamSchema = z.object({ id: z.string().min(1).max(100) });

/** One problem of a refused file (422 `list_invalid`). */
export const ListErrorSchema = z
  .object({
    path: z.string().openapi({ description: "`row.column`, e.g. `7.B`; `file` when about the whole file" }),
    row: z.number().int().nullable(),
    column: z.string().nullable().openapi({ example: "B" }),
    code: z.string().openapi({ example: "phone_invalid" }),
    message: z.string(),
  })
  .openapi("ContactListError");
export type ListErrorView = z.infer<typeof ListErrorSchema>;

export const ListInvalidSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.literal(422),
    code: z.string().openapi({ example: "list_invalid" }),
    detail: z.string(),
    errors: z.array(ListErrorSchema),
  })
  .openapi("ContactListInvalid");
