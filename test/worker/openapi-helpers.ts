import { expect } from "vitest";
import { operationProblemCodes } from "../../worker/openapi/problem-codes";

/**
 * Issue 18: a problem a real request got is one the published document lists for that operation and
 * status (worker/openapi/problem-codes.ts), so an integrator reading the contract expects it.
 */
export function expectDocumented(operationId: string, problem: { status: number; code: string }) {
  const byStatus = operationProblemCodes()[operationId] as Record<number, { code: string }[]> | undefined;
  const codes = byStatus?.[problem.status]?.map((c) => c.code) ?? [];
  expect(codes, `${operationId} documents ${problem.status} ${problem.code}`).toContain(problem.code);
}
