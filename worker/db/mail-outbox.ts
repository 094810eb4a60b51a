import { desc, eq } from "drizzle-orm";
import type { Db } from "./client";
import { mailOutbox } from "./schema-identity";

/** Development mail: what the outbox Mailer sent, read back at GET /api/dev/outbox. */
export async function storeMail(db: Db, mail: { to: string; subject: string; text: string }): Promise<void> {
  await db.insert(mailOutbox).values(mail);
}

/** The latest 50 mails, newest first; only those to `to` when given (already lower-cased). */
export async function recentMail(db: Db, to: string | undefined) {
  return db
    .select()
    .from(mailOutbox)
    .where(to ? eq(mailOutbox.to, to) : undefined)
    .orderBy(desc(mailOutbox.id))
    .limit(50);
}
