CREATE TABLE contacts (
  wa_id TEXT PRIMARY KEY NOT NULL,
  name TEXT,
  last_message_at INTEGER NOT NULL
);
