import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId } from "./schema";

/**
 * Rule T5: an uploaded contact list. `columns` are its headings as read (lowercase, no spaces), in
 * order; `phone` is one of them, the variable columns are the ones from column E on.
 */
export const contactLists = sqliteTable(
  "contact_lists",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    columns: text("columns", { mode: "json" }).$type<string[]>().notNull(),
    rowCount: integer("row_count").notNull(),
    duplicateCount: integer("duplicate_count").notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [index("contact_lists_org_created").on(t.organizationId, t.createdAt)],
);

/** One recipient of a list: its phone in E.164 and every cell of its row as text, by heading. */
export const contactListRows = sqliteTable(
  "contact_list_rows",
  {
    listId: text("list_id")
      .notNull()
      .references(() => contactLists.id, { onDelete: "cascade" }),
    rowNo: integer("row_no").notNull(),
    phone: text("phone").notNull(),
    cells: text("cells", { mode: "json" }).$type<Record<string, string>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.rowNo] })],
);
