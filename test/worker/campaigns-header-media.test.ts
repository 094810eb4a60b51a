// Rule T3, issue 13: a campaign of a template with a media header (IMAGE here) shows the same file
// to every recipient: a public https link as it is, or a file uploaded through POST /api/media,
// uploaded to the provider once when the campaign is created. A missing or wrong file is refused
// 422 before anything is queued; a template without a media header refuses one.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sandboxStub } from "../../worker/sandbox/routes";
import {
  type CampaignJson,
  createCampaign,
  insertList,
  ORG,
  phones,
  readyToBroadcast,
  waitFor,
} from "./campaigns-helpers";
import { call, expectProblem, json, ORIGIN } from "./helpers";

let admin: string;
const TEMPLATE = "tpl_promo_image";

beforeAll(async () => {
  [admin] = await readyToBroadcast(100_000, "admin@demo.test");
  const components = [
    { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::aW1hZ2U="] } },
    { type: "BODY", text: "New arrivals for {{1}}", example: { body_text: [["Ayu"]] } },
  ];
  await env.DB.prepare(
    "INSERT INTO templates (id, organization_id, channel_id, name, language, category, status, components) VALUES (?, ?, 'ch_demo_whatsapp', 'promo_image', 'en', 'UTILITY', 'APPROVED', ?)",
  )
    .bind(TEMPLATE, ORG, JSON.stringify(components))
    .run();
});

// A 1x1 PNG.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (c) => c.charCodeAt(0),
);

async function upload(bytes: Uint8Array, name: string, type: string): Promise<string> {
  const form = new FormData();
  form.append("file", new File([bytes], name, { type }));
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}/api/media`, {
      method: "POST",
      body: form,
      headers: { cookie: `sid=${admin}`, origin: ORIGIN },
    }),
  );
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}

/** The header component the customer's phone got with the template. */
async function headerReceived(phone: string) {
  const messages = await sandboxStub(env).conversation(phone.slice(1));
  const sent = messages.find((m) => m.direction === "out" && m.type === "template");
  const content = (typeof sent?.content === "string" ? JSON.parse(sent.content) : sent?.content) as {
    components: { type: string; parameters: Record<string, Record<string, string>>[] }[];
  };
  return content.components.find((c) => c.type === "header")?.parameters[0];
}

const body = (extra: Record<string, unknown>) => ({ templateId: TEMPLATE, variables: [{ value: "you" }], ...extra });

describe("a campaign's media header (T3)", () => {
  it("sends a public https link as it is, to every recipient", async () => {
    const [phone] = phones(1) as [string];
    const link = "https://cdn.example.com/arrivals.png";
    const res = await createCampaign(admin, body({ phone, headerMedia: { link } }));
    expect(res.status).toBe(201);
    const { id } = await json<CampaignJson>(res);
    expect((await waitFor(admin, id, (c) => c.status === "completed")).status).toBe("completed");
    expect(await headerReceived(phone)).toEqual({ type: "image", image: { link } });
  });

  it("uploads a file given by POST /api/media to the provider once and sends its provider id", async () => {
    const mediaId = await upload(PNG, "arrivals.png", "image/png");
    const recipients = phones(2) as [string, string];
    const estimate = await call("/api/campaigns/estimate", {
      cookie: admin,
      body: { name: "x", phone: recipients[0], ...body({ headerMedia: { mediaId } }) },
    });
    expect(estimate.status).toBe(200);
    const { id } = await json<CampaignJson>(
      await createCampaign(admin, body({ listId: await insertList(recipients), headerMedia: { mediaId } })),
    );
    expect((await waitFor(admin, id, (c) => c.status === "completed")).status).toBe("completed");
    const headers = [await headerReceived(recipients[0]), await headerReceived(recipients[1])];
    expect(headers[0]?.type).toBe("image");
    const providerId = headers[0]?.image?.id as string;
    expect(providerId).toMatch(/^\d+$/);
    expect(await sandboxStub(env).media(providerId)).not.toBeNull();
    // One upload for the campaign: every recipient gets the same provider media id.
    expect(headers[1]?.image?.id).toBe(providerId);
  });

  it("refuses a file of another kind, a missing one, and a media header on a template without one (422)", async () => {
    const [phone] = phones(1) as [string];
    const pdf = await upload(new TextEncoder().encode("%PDF-1.4"), "list.pdf", "application/pdf");
    await expectProblem(
      await createCampaign(admin, body({ phone, headerMedia: { mediaId: pdf } })),
      422,
      "template_header_media_invalid",
    );
    await expectProblem(
      await createCampaign(admin, body({ phone, headerMedia: { mediaId: "med_nope" } })),
      422,
      "header_media_missing",
    );
    // The template's sample handle is not a file this platform stored: a file must be given.
    await expectProblem(await createCampaign(admin, body({ phone })), 422, "header_media_missing");
    await expectProblem(
      await createCampaign(admin, {
        phone,
        variables: [{ value: "Ayu" }, { value: "A-1" }],
        headerMedia: { link: "https://cdn.example.com/a.png" },
      }),
      422,
      "template_header_media_unexpected",
    );
    expect(
      (await createCampaign(admin, body({ phone, headerMedia: { link: "http://insecure.example.com/a.png" } }))).status,
    ).toBe(400);
  });
});
