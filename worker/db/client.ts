import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import * as billingSchema from "./schema-billing";
import * as eventSchema from "./schema-events";
import * as templateSchema from "./schema-templates";

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema: { ...schema, ...billingSchema, ...templateSchema, ...eventSchema } });
}
export type Db = ReturnType<typeof createDb>;
