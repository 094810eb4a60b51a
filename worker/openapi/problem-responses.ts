import { Problem, problemBody } from "../lib/problem";
import { type DocumentedCode, operationProblemCodes, type ProblemStatus } from "./problem-codes";

/**
 * Issue 18: each operation's problem answers name the codes it can give. For every status of the
 * operation's codes (problem-codes.ts) the answer gets a bullet per code with its meaning, an
 * `x-problem-codes` list, and one example per code on its problem+json content; a status the route
 * did not declare is added. The generic codes of that status follow the list.
 */
interface Answer {
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }>;
  [extension: `x-${string}`]: unknown;
}

const PROBLEM = { $ref: "#/components/schemas/Problem" };

const LEADS: Record<ProblemStatus, string> = {
  400: "Bad request",
  401: "Not accepted",
  402: "Payment required",
  403: "Refused",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  415: "Not a file this upload takes",
  422: "Breaks a product rule",
  429: "Too many requests: retry after `Retry-After` seconds",
  502: "The provider failed",
  503: "Not available right now: retry later",
};

/** What else the status can be, whatever the operation (worker/lib/router.ts `errors`). */
function genericTail(status: ProblemStatus, idempotentWrite: boolean, limited: boolean): string | null {
  if (status === 400) return "Or `validation_failed` (each field in `errors`) or `malformed_json`.";
  if (status === 401) return null;
  if (status === 403)
    return "Or `forbidden` (the role), `insufficient_scope` (the API key's scopes) or `csrf_rejected`.";
  if (status === 404) return "Or `not_found`: no such record, or another organization's.";
  if (status === 409 && idempotentWrite)
    return "Or `idempotency_key_reused` / `idempotency_key_in_use` (see Idempotency-Key).";
  if (status === 413) return "Or `body_too_large`.";
  if (status === 429 && limited)
    return "Or `rate_limited`: this API key made more requests than its limit this minute.";
  return null;
}

/** One example per code: the body the worker answers (worker/lib/problem.ts), its detail the meaning. */
function exampleOf(status: ProblemStatus, { code, meaning }: DocumentedCode) {
  const body = problemBody(new Problem(status, code, meaning));
  // A refused contact list names each problem of the file (T5); its schema requires the list.
  if (code === "list_invalid") {
    const error = { row: 2, column: "A", code: "phone_invalid", message: '"0812" is too short.' };
    return { ...body, errors: [{ path: "2.A", ...error }] };
  }
  return body;
}

let codesByOperation: ReturnType<typeof operationProblemCodes> | null = null;

export function describeProblemCodes(
  operation: { responses: Record<string, unknown> },
  operationId: string | undefined,
  how: { idempotentWrite: boolean; limited: boolean },
): void {
  codesByOperation ??= operationProblemCodes();
  const byStatus = operationId ? codesByOperation[operationId] : undefined;
  if (!byStatus) return;
  for (const [key, codes] of Object.entries(byStatus)) {
    if (!codes?.length) continue;
    const status = Number(key) as ProblemStatus;
    const declared = (operation.responses[key] ?? {}) as Answer;
    const schema = declared.content?.["application/problem+json"]?.schema ?? PROBLEM;
    const tail = genericTail(status, how.idempotentWrite, how.limited);
    const bullets = codes.map((c) => `- \`${c.code}\`: ${c.meaning}`);
    const examples = Object.fromEntries(
      codes.map((c) => [c.code, { summary: c.meaning, value: exampleOf(status, c) }] as const),
    );
    operation.responses[key] = {
      ...declared,
      description: [`${LEADS[status]}. The \`code\` says which:`, "", ...bullets, ...(tail ? ["", tail] : [])].join(
        "\n",
      ),
      "x-problem-codes": codes.map((c) => c.code),
      content: { "application/problem+json": { schema, examples } },
    };
  }
}
