/** The drizzle queries of message templates and the tenant's template OTP setting (rules T1-T4). */
import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { configField } from "../../db/channels";
import type { Db } from "../../db/client";
import { channels } from "../../db/schema";
import { deletedTemplateNames, securitySettings, templates } from "../../db/schema-templates";

export type TemplateRow = typeof templates.$inferSelect;
export type NewTemplateRow = typeof templates.$inferInsert;

export interface TemplateFilters {
  status?: TemplateRow["status"] | undefined;
  category?: TemplateRow["category"] | undefined;
  language?: string | undefined;
  channelId?: string | undefined;
}

/** The organization's templates, newest first, filtered. */
export async function templateRows(db: Db, organizationId: string, filters: TemplateFilters): Promise<TemplateRow[]> {
  return db
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.organizationId, organizationId),
        filters.status ? eq(templates.status, filters.status) : undefined,
        filters.category ? eq(templates.category, filters.category) : undefined,
        filters.language ? eq(templates.language, filters.language) : undefined,
        filters.channelId ? eq(templates.channelId, filters.channelId) : undefined,
      ),
    )
    .orderBy(desc(templates.createdAt), desc(templates.id));
}

export async function templateRowOf(db: Db, organizationId: string, id: string): Promise<TemplateRow | undefined> {
  return db.query.templates.findFirst({
    where: and(eq(templates.id, id), eq(templates.organizationId, organizationId)),
  });
}

/** Rule T1: the names the organization uses in this WhatsApp Business Account and language. */
export async function namesInWaba(db: Db, organizationId: string, wabaId: string, language: string) {
  const rows = await db
    .select({ name: templates.name })
    .from(templates)
    .innerJoin(channels, eq(channels.id, templates.channelId))
    .where(
      and(
        eq(templates.organizationId, organizationId),
        eq(configField("wabaId"), wabaId),
        eq(templates.language, language),
      ),
    );
  return rows.map((r) => r.name);
}

/** Inserts a template; undefined when its name is already taken on the channel. */
export async function insertTemplate(db: Db, values: NewTemplateRow): Promise<TemplateRow | undefined> {
  const [row] = await db.insert(templates).values(values).onConflictDoNothing().returning();
  return row;
}

/** Stores the provider's answer; a review webhook that already arrived (it sets updated_at) keeps its status. */
export async function recordSubmission(
  db: Db,
  id: string,
  submitted: { providerTemplateId: string; category: TemplateRow["category"]; status: TemplateRow["status"] },
): Promise<TemplateRow | undefined> {
  const [stored] = await db
    .update(templates)
    .set({
      providerTemplateId: submitted.providerTemplateId,
      category: submitted.category,
      status: sql`CASE WHEN ${templates.updatedAt} IS NULL THEN ${submitted.status} ELSE ${templates.status} END`,
    })
    .where(eq(templates.id, id))
    .returning();
  return stored;
}

export async function deleteTemplateRow(db: Db, id: string): Promise<void> {
  await db.delete(templates).where(eq(templates.id, id));
}

/** Deletes a template; `held`: its name as Meta keeps it for 30 days after a delete (T3), in the same batch. */
export async function deleteTemplateOf(
  db: Db,
  organizationId: string,
  id: string,
  held: { wabaId: string; name: string; language: string; deletedAt: number } | null = null,
): Promise<void> {
  const remove = db.delete(templates).where(and(eq(templates.id, id), eq(templates.organizationId, organizationId)));
  if (!held) {
    await remove;
    return;
  }
  await db.batch([
    remove,
    db
      .insert(deletedTemplateNames)
      .values({ organizationId, ...held })
      .onConflictDoUpdate({
        target: [deletedTemplateNames.wabaId, deletedTemplateNames.name, deletedTemplateNames.language],
        set: { deletedAt: held.deletedAt, organizationId },
      }),
  ]);
}

/**
 * Rule T3: the names deleted in this WhatsApp Business Account and language since `since` (Meta holds
 * them 30 days). Per account, whichever organization deleted them: Meta holds them for the account.
 */
export async function namesHeldInWaba(db: Db, wabaId: string, language: string, since: number): Promise<string[]> {
  const rows = await db
    .select({ name: deletedTemplateNames.name })
    .from(deletedTemplateNames)
    .where(
      and(
        eq(deletedTemplateNames.wabaId, wabaId),
        eq(deletedTemplateNames.language, language),
        gt(deletedTemplateNames.deletedAt, since),
      ),
    );
  return rows.map((r) => r.name);
}

/** Rule T3: the templates a provider change names, by provider id or (id not stored yet) name and language. */
export async function templatesOfChange(
  db: Db,
  channelIds: string[],
  change: { providerTemplateId: string; name: string; language: string },
): Promise<TemplateRow[]> {
  return db
    .select()
    .from(templates)
    .where(
      and(
        inArray(templates.channelId, channelIds),
        or(
          eq(templates.providerTemplateId, change.providerTemplateId),
          and(
            isNull(templates.providerTemplateId),
            eq(templates.name, change.name),
            eq(templates.language, change.language),
          ),
        ),
      ),
    );
}

export async function updateTemplate(db: Db, id: string, set: Partial<NewTemplateRow>): Promise<void> {
  await db.update(templates).set(set).where(eq(templates.id, id));
}

export async function templateOtpEnabled(db: Db, organizationId: string): Promise<boolean> {
  const row = await db.query.securitySettings.findFirst({
    where: eq(securitySettings.organizationId, organizationId),
  });
  return row?.templateOtp ?? false;
}

export async function saveTemplateOtp(
  db: Db,
  organizationId: string,
  enabled: boolean,
  updatedBy: string | null,
  now: number,
) {
  await db
    .insert(securitySettings)
    .values({ organizationId, templateOtp: enabled, updatedBy, updatedAt: now })
    .onConflictDoUpdate({
      target: securitySettings.organizationId,
      set: { templateOtp: enabled, updatedBy, updatedAt: now },
    });
}
