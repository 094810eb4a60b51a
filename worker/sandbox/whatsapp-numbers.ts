/**
 * The sandbox's WhatsApp business numbers besides the demo one (development only): the numbers a
 * test or a developer adds, as Meta's WhatsApp Manager would (`POST /api/channels/whatsapp/numbers`,
 * each with its own access token), so that connecting a second number is checked as Meta checks it
 * (rule G3). The Graph API answers `GET /{phone-number-id}` for them in Meta's shape; a wrong token is
 * Meta's 401 code 190, and one number's token asking for an id it cannot see is Meta's 400 code 100.
 * `POST .../numbers/{id}/outage` makes Meta answer 503 (code 2) for the number's next GETs. Any other id is handed on to `graph-routes.ts`, which answers the demo number,
 * media ids and Meta's 400 code 100 for an id it does not know. Sends from these numbers are not
 * played: only the demo number sends.
 */
import { Hono } from "hono";
import { z } from "zod";
import { randomToken, sha256Hex } from "../lib/crypto";
import { problems, zodFieldErrors } from "../lib/problem";
import type { AppEnv } from "../lib/router";
import { type FakeFailure, failPath, readRecord, takeFailure, writeRecord } from "./channel-fake-store";
import { SANDBOX_PHONE_NUMBER_ID } from "./config";
import { metaErrorResponse, metaErrors } from "./graph";

export const whatsAppNumberRoutes = new Hono<AppEnv>();

interface BusinessNumber {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: "GREEN" | "YELLOW" | "RED";
  accessToken: string;
}

const numberPath = (id: string) => `whatsapp/numbers/${id}.json`;
/** Which number a token belongs to (by its digest: a token is no key). */
const tokenPath = async (token: string) => `whatsapp/tokens/${await sha256Hex(token)}.json`;

/** Meta's answer to `GET /{phone-number-id}`: the fields asked for (all without `fields`), and the id. */
export function phoneNumberAnswer(
  number: { id: string; displayPhoneNumber: string; verifiedName: string; qualityRating: string },
  fields: string | undefined,
) {
  const all: Record<string, unknown> = {
    verified_name: number.verifiedName,
    code_verification_status: "VERIFIED",
    display_phone_number: number.displayPhoneNumber,
    quality_rating: number.qualityRating,
    platform_type: "CLOUD_API",
    throughput: { level: "STANDARD" },
  };
  const asked = fields ? fields.split(",").map((f) => f.trim()) : Object.keys(all);
  return { ...Object.fromEntries(asked.filter((f) => f in all).map((f) => [f, all[f]])), id: number.id };
}

const bearerOf = (header: string | undefined) => /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header ?? "")?.[1]?.trim();

whatsAppNumberRoutes.get("/graph/:version/:id", async (c, next) => {
  const id = c.req.param("id");
  const token = bearerOf(c.req.header("authorization")) ?? c.req.query("access_token");
  const number = await readRecord<BusinessNumber>(c.env, numberPath(id));
  if (number) {
    if (token !== number.accessToken) return metaErrorResponse(401, metaErrors.invalidToken());
    const failure = await takeFailure(c.env, "whatsapp", id);
    if (failure) return Response.json(failure.body, { status: failure.status });
    return c.json(phoneNumberAnswer(number, c.req.query("fields")));
  }
  // Another number's token is a valid token that cannot see this id: Meta's 400 code 100 (subcode 33).
  if (token && (await readRecord<{ id: string }>(c.env, await tokenPath(token)))) {
    return metaErrorResponse(400, metaErrors.unknownObject("get", id));
  }
  return next();
});

const NumberBody = z.object({
  phoneNumberId: z
    .string()
    .regex(/^\d{5,20}$/)
    .optional(),
  displayPhoneNumber: z.string().min(5).max(30).optional(),
  verifiedName: z.string().min(1).max(80).optional(),
  accessToken: z.string().min(8).max(1000).optional(),
});

/** Adds a business number (its id, display number and token made up where not given); 201 with all of them. */
whatsAppNumberRoutes.post("/api/channels/whatsapp/numbers", async (c) => {
  const body = NumberBody.safeParse(await c.req.json().catch(() => ({})));
  if (!body.success) throw problems.validation(zodFieldErrors(body.error));
  const id = body.data.phoneNumberId ?? String(100_000_000_000_000 + Math.floor(Math.random() * 899_999_999_999_999));
  if (id === SANDBOX_PHONE_NUMBER_ID) throw problems.conflict("number_exists", "This is the demo number.");
  const number: BusinessNumber = {
    id,
    // As Meta writes it for an Indonesian number: "+62 811-0000-0777".
    displayPhoneNumber: body.data.displayPhoneNumber ?? `+62 811-${id.slice(-8, -4)}-${id.slice(-4)}`,
    verifiedName: body.data.verifiedName ?? `Sandbox shop ${id.slice(-4)}`,
    qualityRating: "GREEN",
    accessToken: body.data.accessToken ?? `EAAG${randomToken(32)}`,
  };
  await writeRecord(c.env, numberPath(id), number);
  await writeRecord(c.env, await tokenPath(number.accessToken), { id });
  return c.json({ phoneNumberId: id, ...number }, 201);
});

/** Meta is down for the number's next `count` GETs: 503 with Meta's code 2 "Service temporarily unavailable". */
whatsAppNumberRoutes.post("/api/channels/whatsapp/numbers/:id/outage", async (c) => {
  const id = c.req.param("id");
  if (!(await readRecord<BusinessNumber>(c.env, numberPath(id)))) throw problems.notFound("number");
  const count = z
    .number()
    .int()
    .min(1)
    .max(20)
    .catch(1)
    .parse((await c.req.json().catch(() => ({}))).count);
  const body = {
    error: { message: "(#2) Service temporarily unavailable", type: "OAuthException", is_transient: true, code: 2 },
  };
  const failure: FakeFailure = { status: 503, body, count };
  await writeRecord(c.env, failPath("whatsapp", id), failure);
  return c.json({ phoneNumberId: id, count }, 201);
});
