import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizationId } from "./schema";

/**
 * Email threading (issue 16, rule G3): per email channel and customer address, the subject and the
 * Message-ID and References of the customer's latest mail, so that an agent's reply goes out as
 * "Re: <subject>" with In-Reply-To / References of that mail. Read and written only through
 * `db/email-threads.ts`.
 */
export const emailThreads = sqliteTable(
  "email_threads",
  {
    channelId: text("channel_id").notNull(),
    address: text("address").notNull(),
    organizationId: organizationId(),
    subject: text("subject").notNull(),
    lastMessageId: text("last_message_id").notNull(),
    /** The thread's Message-IDs, oldest first, without angle brackets (JSON; capped). */
    references: text("references", { mode: "json" }).$type<string[]>().notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.address] })],
);
