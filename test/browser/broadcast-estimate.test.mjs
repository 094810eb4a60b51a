// Broadcast > New campaign in the browser (issue 13, item 6; T3, T6, T7, T11): before sending, the form
// shows the estimate (recipients, cost by category, balance, the number's daily messaging limit) and
// asks again when the request changes; a template with a TEXT header {{1}} and a URL button suffix
// gets a source for each, the preview shows the header, and the customer's phone gets both.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  BASE_URL,
  eventually,
  overflowsHorizontally,
  screenshot,
  signIn,
  tinyPng,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { templateComponents, templateReceived } from "./helpers-inbox.mjs";

useBrowser();

async function openForm(page) {
  await signIn(page, "admin@demo.test");
  await page.goto("/broadcast/campaigns/new");
  return page.getByRole("form", { name: "New campaign" });
}

test("the form shows the estimate before sending and asks again when the request changes", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const { templates } = await admin.get("/api/templates?status=APPROVED");
  const template = templates.find((x) => x.name === "order_update");
  assert.ok(template, "the demo has the approved order_update template");
  await withPage(
    t,
    async (page) => {
      const form = await openForm(page);
      await form.getByLabel("Template (approved)").selectOption(template.id);
      await form.getByLabel("One phone number").check();
      const estimate = page.getByTestId("campaign-estimate");
      await estimate.getByText("Choose a template and whom to send to for an estimate.").waitFor();
      // The values first: no estimate is asked before a phone number, so the first one is the final one.
      await form.getByLabel("{{1}} value").fill("Ayu");
      await form.getByLabel("{{2}} value").fill("A-1");
      await form.getByLabel("Phone number", { exact: true }).fill(`+${uniquePhone()}`);
      await estimate
        .getByTestId("estimate-recipients")
        .filter({ hasText: "1 to send of 1 recipients (1 unique)" })
        .waitFor();
      await estimate.getByText("Utility conversations").waitFor();
      assert.equal((await estimate.getByTestId("estimate-total").textContent())?.trim(), "Rp 460");
      await estimate.getByTestId("estimate-limit").filter({ hasText: "250 customers per 24 h" }).waitFor();
      await eventually(async () => (await estimate.getAttribute("aria-busy")) === "false", "the estimate settled");
      assert.equal(await overflowsHorizontally(page), false, "the form fits 360 px");
      await screenshot(page, "broadcast-campaign-estimate-360");

      // A refusal the create would answer shows in the estimate before anything is sent.
      await form.getByLabel("Phone number", { exact: true }).fill("12");
      await estimate.locator(".field-error").filter({ hasText: "not valid" }).waitFor();
    },
    { viewport: VIEWPORTS.narrow },
  );
});

test("header and URL button variables: one source each, the header in the preview, the customer gets both (T3)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const name = `parcel_cmp_${Date.now().toString(36)}`;
  const template = await admin.post("/api/templates", {
    channelId: "ch_demo_whatsapp",
    name,
    language: "en",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "TEXT", text: "Parcel {{1}}", example: { header_text: ["A-1"] } },
      { type: "BODY", text: "Hi {{1}}, your parcel is on its way.", example: { body_text: [["Ayu"]] } },
      {
        type: "BUTTONS",
        buttons: [
          { type: "URL", text: "Track", url: "https://example.com/{{1}}", example: ["https://example.com/t/A-1"] },
        ],
      },
    ],
  });
  try {
    await eventually(
      async () => (await admin.get(`/api/templates/${template.id}`)).status === "APPROVED",
      "the template approved",
      20_000,
    );
    const waId = uniquePhone();
    await withPage(t, async (page) => {
      const form = await openForm(page);
      await form.getByLabel("Campaign name").fill(`Parcels ${Date.now()}`);
      await form.getByLabel("Template (approved)").selectOption(template.id);
      await form.getByLabel("One phone number").check();
      await form.getByLabel("Phone number", { exact: true }).fill(`+${waId}`);
      await form.getByLabel("{{1}} value", { exact: true }).fill("Citra");
      await form.getByLabel("Header {{1}} value").fill("B-77");
      await form.getByLabel('Button "Track" URL {{1}} value').fill("t/B-77");
      await form.getByTestId("campaign-preview").getByText("Parcel B-77").waitFor();
      await form.getByTestId("campaign-preview").getByText("Hi Citra, your parcel is on its way.").waitFor();
      await page.getByTestId("estimate-recipients").filter({ hasText: "1 to send" }).waitFor();
      await form.getByRole("button", { name: "Send campaign" }).click();
      await page.getByTestId("campaign-status").filter({ hasText: "Completed" }).waitFor({ timeout: 30_000 });
    });
    const { header, button } = templateComponents(await templateReceived(waId));
    assert.deepEqual(header, { type: "header", parameters: [{ type: "text", text: "B-77" }] });
    assert.deepEqual(button, {
      type: "button",
      sub_type: "url",
      index: "0",
      parameters: [{ type: "text", text: "t/B-77" }],
    });
  } finally {
    await admin.delete(`/api/templates/${template.id}`);
  }
});

test("a template with an image header: the admin gives a link, the estimate runs, the customer gets the image (T3)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const name = `arrivals_${Date.now().toString(36)}`;
  const waId = uniquePhone();
  const link = "https://cdn.example.com/arrivals.png";
  let templateId = null;
  try {
    await withPage(
      t,
      async (page) => {
        await signIn(page, "admin@demo.test");
        const sample = await page.request.post("/api/media", {
          headers: { origin: BASE_URL },
          multipart: {
            purpose: "template_sample",
            file: { name: "sample.png", mimeType: "image/png", buffer: Buffer.from(tinyPng()) },
          },
        });
        assert.equal(sample.status(), 201);
        const template = await admin.post("/api/templates", {
          channelId: "ch_demo_whatsapp",
          name,
          language: "en",
          category: "UTILITY",
          components: [
            { type: "HEADER", format: "IMAGE", example: { header_handle: [(await sample.json()).id] } },
            { type: "BODY", text: "New arrivals for {{1}}", example: { body_text: [["Ayu"]] } },
          ],
        });
        templateId = template.id;
        await eventually(
          async () => (await admin.get(`/api/templates/${template.id}`)).status === "APPROVED",
          "the template approved",
          20_000,
        );
        await page.goto("/broadcast/campaigns/new");
        const form = page.getByRole("form", { name: "New campaign" });
        await form.getByLabel("Campaign name").fill(`Arrivals ${Date.now()}`);
        await form.getByLabel("Template (approved)").selectOption(template.id);
        await form.getByLabel("One phone number").check();
        await form.getByLabel("Phone number", { exact: true }).fill(`+${waId}`);
        await form.getByLabel("{{1}} value", { exact: true }).fill("Citra");
        const media = form.getByTestId("header-media");
        await media.getByRole("radio", { name: "The template's sample" }).waitFor();
        await media.getByRole("radio", { name: "A link" }).check();
        await media.getByLabel("Header image link").fill(link);
        await page.getByTestId("estimate-recipients").filter({ hasText: "1 to send" }).waitFor();
        assert.equal(await overflowsHorizontally(page), false, "the form fits 360 px");
        await form.getByRole("button", { name: "Send campaign" }).click();
        await page.getByTestId("campaign-status").filter({ hasText: "Completed" }).waitFor({ timeout: 30_000 });
      },
      { viewport: VIEWPORTS.narrow },
    );
    const { header } = templateComponents(await templateReceived(waId));
    assert.deepEqual(header, { type: "header", parameters: [{ type: "image", image: { link } }] });
  } finally {
    if (templateId) await admin.delete(`/api/templates/${templateId}`);
  }
});

// Issue 13, item 6: the admin keeps the number's messaging limit (Meta's tier) beside the estimate,
// and the estimate budgets against it at once.
test("the admin sets the number's messaging limit beside the estimate and the estimate follows", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const { templates } = await admin.get("/api/templates?status=APPROVED");
  const template = templates.find((x) => x.name === "order_update");
  try {
    await withPage(t, async (page) => {
      const form = await openForm(page);
      await form.getByLabel("Template (approved)").selectOption(template.id);
      await form.getByLabel("One phone number").check();
      await form.getByLabel("Phone number", { exact: true }).fill(`+${uniquePhone()}`);
      await form.getByLabel("{{1}} value").fill("Ayu");
      await form.getByLabel("{{2}} value").fill("A-1");
      const estimate = page.getByTestId("campaign-estimate");
      await estimate.getByTestId("estimate-limit").filter({ hasText: "250 customers per 24 h" }).waitFor();
      const tier = estimate.getByLabel("This number's messaging limit in Meta");
      assert.equal(await tier.inputValue(), "TIER_250");
      await tier.selectOption("TIER_1K");
      await estimate.getByRole("button", { name: "Save limit" }).click();
      await estimate.getByTestId("estimate-limit").filter({ hasText: "1.000 customers per 24 h" }).waitFor();
      assert.equal(await tier.inputValue(), "TIER_1K");
    });
  } finally {
    await admin.put("/api/channels/ch_demo_whatsapp/messaging-limit", { tier: "TIER_250" });
  }
});
