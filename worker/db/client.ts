import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import * as billingSchema from "./schema-billing";

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema: { ...schema, ...billingSchema } });
}
export type Db = ReturnType<typeof createDb>;
