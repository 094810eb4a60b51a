import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizationId } from "./schema";

/**
 * Issue 17 (search): the documents of the inbox search, one per message with words and one per room
 * (its contact's name and number), kept by the `search-index` listener from the domain events. The
 * FTS5 table `search_fts` (migration 0025_labels_search, external content: this table) indexes
 * `tenant` (the organization id as one token: every search is tenant-scoped inside the index) and
 * `body`; triggers keep it in step. `version`: the event time that wrote the row, so a late
 * redelivery of an older event never puts an edited message's old words back.
 */
export const searchDocuments = sqliteTable(
  "search_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    docKey: text("doc_key").notNull(),
    organizationId: organizationId(),
    tenant: text("tenant").notNull(),
    roomId: text("room_id").notNull(),
    body: text("body").notNull(),
    version: integer("version").notNull(),
  },
  (t) => [uniqueIndex("search_documents_key").on(t.docKey), index("search_documents_room").on(t.roomId)],
);
