import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, the one error format of the API. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: "validation_failed" }),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");
export type ProblemBody = z.infer<typeof ProblemSchema>;
