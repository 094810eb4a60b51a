import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import * as billingSchema from "./schema-billing";
import * as eventSchema from "./schema-events";
import * as identitySchema from "./schema-identity";
import * as templateSchema from "./schema-templates";

const fullSchema = { ...schema, ...identitySchema, ...billingSchema, ...templateSchema, ...eventSchema };
const newDb = (d1: D1Database) => drizzle(d1, { schema: fullSchema });
export type Db = ReturnType<typeof newDb>;

/** drizzle derives its relational map from the schema on every construction: once per binding is enough. */
const byBinding = new WeakMap<D1Database, Db>();

export function createDb(d1: D1Database): Db {
  let db = byBinding.get(d1);
  if (!db) {
    db = newDb(d1);
    byBinding.set(d1, db);
  }
  return db;
}

/** D1 binds at most 100 parameters in one statement: a long list of ids is asked 90 at a time. */
export const BIND_CHUNK = 90;

export function chunksOf<T>(items: readonly T[], size = BIND_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
