import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, isKeyAndId, isRowNumber } from "../../worker/lib/cursor";
import { Problem } from "../../worker/lib/problem";

describe("the one page cursor (worker/lib/cursor.ts)", () => {
  it("gives back the position it was made from", () => {
    expect(decodeCursor(encodeCursor([1733400000000, "room:a.b"]), isKeyAndId)).toEqual([1733400000000, "room:a.b"]);
    expect(decodeCursor(encodeCursor([42]), isRowNumber)).toEqual([42]);
    expect(decodeCursor(undefined, isKeyAndId)).toBeNull();
  });

  it("refuses a cursor it did not give, or one of another list's shape, with 400 invalid_cursor", () => {
    for (const bad of ["nope", "1733400000000.abc", encodeCursor([42]), encodeCursor([1, ""]), "%%%"]) {
      let caught: unknown;
      try {
        decodeCursor(bad, isKeyAndId);
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(Problem);
      const problem = caught as Problem;
      expect(problem.status).toBe(400);
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors?.map((e) => e.code)).toEqual(["invalid_cursor"]);
    }
  });
});
