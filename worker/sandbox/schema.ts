import { SANDBOX_DEMO_TEMPLATE } from "./config";

/** Creates the sandbox's tables (idempotent) and its demo template, APPROVED from the start. */
export function createSandboxSchema(sql: SqlStorage): void {
  sql.exec(`
    CREATE TABLE IF NOT EXISTS customers (
      wa_id TEXT PRIMARY KEY,
      name TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS messages (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      wa_id TEXT NOT NULL,
      direction TEXT NOT NULL,
      type TEXT NOT NULL,
      text TEXT NOT NULL,
      content TEXT NOT NULL,
      media_id TEXT,
      media_link TEXT,
      context_id TEXT,
      status TEXT NOT NULL,
      error TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS messages_by_customer ON messages (wa_id, seq);
    CREATE TABLE IF NOT EXISTS media (
      id TEXT PRIMARY KEY,
      mime_type TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      file_size INTEGER NOT NULL,
      filename TEXT,
      r2_key TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      message_id TEXT NOT NULL,
      order_key TEXT NOT NULL,
      status TEXT,
      error TEXT,
      applied INTEGER NOT NULL DEFAULT 1,
      body TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      due_at INTEGER NOT NULL,
      last_status INTEGER,
      last_error TEXT,
      delivered_at INTEGER,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries (state, order_key, id);
    CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, due_at);
    CREATE INDEX IF NOT EXISTS deliveries_unapplied ON deliveries (applied, due_at);
    CREATE TABLE IF NOT EXISTS templates (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      language TEXT NOT NULL,
      category TEXT NOT NULL,
      components TEXT NOT NULL,
      status TEXT NOT NULL,
      reason TEXT,
      quality TEXT NOT NULL DEFAULT 'UNKNOWN',
      pauses INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (name, language)
    );
    CREATE TABLE IF NOT EXISTS uploads (
      id TEXT PRIMARY KEY,
      file_name TEXT,
      file_length INTEGER NOT NULL,
      file_type TEXT NOT NULL,
      handle TEXT UNIQUE,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS template_changes (
      delivery_id INTEGER PRIMARY KEY,
      template_id TEXT NOT NULL,
      status TEXT,
      reason TEXT,
      quality TEXT,
      due_at INTEGER NOT NULL,
      applied INTEGER NOT NULL DEFAULT 0
    );
  `);
  // Issue 13: the business's `biz_opaque_callback_data` of a send (a campaign's names it), for the
  // simulator's "Broadcasts received". Added to a store created before it.
  const columns = sql.exec<{ name: string }>("PRAGMA table_info(messages)").toArray();
  if (!columns.some((c) => c.name === "callback_data")) sql.exec("ALTER TABLE messages ADD COLUMN callback_data TEXT");
  const now = Date.now();
  sql.exec(
    `INSERT OR IGNORE INTO templates (id, name, language, category, components, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'APPROVED', ?, ?)`,
    SANDBOX_DEMO_TEMPLATE.id,
    SANDBOX_DEMO_TEMPLATE.name,
    SANDBOX_DEMO_TEMPLATE.language,
    SANDBOX_DEMO_TEMPLATE.category,
    JSON.stringify(SANDBOX_DEMO_TEMPLATE.components),
    now,
    now,
  );
}
