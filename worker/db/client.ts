import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import * as billingSchema from "./schema-billing";
import * as templateSchema from "./schema-templates";

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema: { ...schema, ...billingSchema, ...templateSchema } });
}
export type Db = ReturnType<typeof createDb>;
