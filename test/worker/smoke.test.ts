import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers unknown routes with a problem", async () => {
  const res = await exports.default.fetch("http://127.0.0.1:8787/api/nope");
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
});
