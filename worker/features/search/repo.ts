/**
 * Issue 17 (search): the one repository of `search_documents` (and through its triggers, the FTS5
 * table `search_fts`). Plain SQL text: the listener writes many rows a batch.
 */
export interface SearchDocument {
  key: string;
  organizationId: string;
  tenant: string;
  roomId: string;
  body: string;
  version: number;
}

const SQL = {
  upsert: `INSERT INTO search_documents (doc_key, organization_id, tenant, room_id, body, version)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (doc_key) DO UPDATE SET body = excluded.body, version = excluded.version
    WHERE excluded.version >= search_documents.version AND excluded.body IS NOT search_documents.body`,
  remove: "DELETE FROM search_documents WHERE doc_key = ? AND version <= ?",
};

/** Statements a D1 batch. */
const PER_BATCH = 50;

/** Writes the documents; one with no words (a photo without caption, a revoked message) is taken out. */
export async function writeSearchDocuments(d1: D1Database, docs: SearchDocument[]): Promise<void> {
  const statements = docs.map((d) =>
    d.body === ""
      ? d1.prepare(SQL.remove).bind(d.key, d.version)
      : d1.prepare(SQL.upsert).bind(d.key, d.organizationId, d.tenant, d.roomId, d.body, d.version),
  );
  for (let i = 0; i < statements.length; i += PER_BATCH) await d1.batch(statements.slice(i, i + PER_BATCH));
}
