// Rule R3's pure parts: which way a survey goes (I2), the option ids, the answer and comment windows,
// and the report's figures.
import { describe, expect, it } from "vitest";
import {
  ANSWER_WINDOW_MS,
  answerAccepted,
  answerId,
  COMMENT_WINDOW_MS,
  commentAccepted,
  csatFigures,
  parseAnswerId,
  ratingOfText,
  surveyRoute,
} from "../../worker/domain/csat";

describe("CSAT rules (R3)", () => {
  it("asks inside the window; outside it sends the template when one is chosen, else skips", () => {
    expect(surveyRoute(true, false)).toBe("ask");
    expect(surveyRoute(true, true)).toBe("ask");
    expect(surveyRoute(false, true)).toBe("template");
    expect(surveyRoute(false, false)).toBe("skip");
  });

  it("names the room and the rating in each option id, and reads nothing else as an answer", () => {
    const roomId = "3fbfb557-a7fe-414e-9b3a-4b2817be26cc";
    expect(parseAnswerId(answerId(roomId, 4))).toEqual({ roomId, rating: 4 });
    for (const id of ["csat:x:6", "csat:x:0", "csat::3", "other:x:3", "csat:x:33", null, undefined, ""]) {
      expect(parseAnswerId(id), String(id)).toBeNull();
    }
  });

  it("reads a template button's 1-5", () => {
    expect(ratingOfText("5")).toBe(5);
    expect(ratingOfText(" 4 - Good")).toBe(4);
    expect(ratingOfText("10")).toBeNull();
    expect(ratingOfText("Great")).toBeNull();
    expect(ratingOfText(null)).toBeNull();
  });

  it("accepts an answer for 7 days and a comment for 15 minutes after the rating", () => {
    const sent = Date.UTC(2026, 11, 7, 10);
    expect(answerAccepted(sent, sent - 1000)).toBe(true); // a provider's whole-second timestamp
    expect(answerAccepted(sent, sent - 10 * 60_000)).toBe(false);
    expect(answerAccepted(sent, sent + ANSWER_WINDOW_MS)).toBe(true);
    expect(answerAccepted(sent, sent + ANSWER_WINDOW_MS + 1)).toBe(false);
    expect(commentAccepted(sent, sent)).toBe(true);
    expect(commentAccepted(sent, sent + COMMENT_WINDOW_MS)).toBe(true);
    expect(commentAccepted(sent, sent + COMMENT_WINDOW_MS + 1)).toBe(false);
    expect(commentAccepted(sent, sent - 1)).toBe(false);
  });

  it("gives satisfaction (4-5 of responses), response rate (responses of sent) and the distribution", () => {
    const f = csatFigures(8, [5, 4, 3, 1, 5]);
    expect(f).toMatchObject({ surveysSent: 8, responses: 5, satisfactionPercent: 60, responseRatePercent: 63 });
    expect(f.distribution.map((d) => d.count)).toEqual([1, 0, 1, 1, 2]);
    expect(csatFigures(0, [])).toMatchObject({ satisfactionPercent: null, responseRatePercent: null });
  });
});
