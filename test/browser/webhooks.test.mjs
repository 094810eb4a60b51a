// Admin > Webhooks in the browser (rule G5): add an endpoint (the signing secret shown once), send a test
// event and see the attempt in the log, send it again with the same webhook-id; a private address is
// refused. The receiving server is the sandbox's (worker/sandbox/receiver.ts); the deliveries it got are
// verified here with the `standardwebhooks` library, as a tenant would.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import {
  apiAs,
  BASE_URL,
  eventually,
  overflowsHorizontally,
  screenshot,
  signIn,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

const received = async (name) => (await (await fetch(`${BASE_URL}/sandbox/api/receivers/${name}`)).json()).received;

test("an admin adds a webhook endpoint, sends a test event, sees the attempt and sends it again (G5)", async (t) => {
  const name = `browser-${Date.now()}`;
  const url = `${BASE_URL}/sandbox/receiver/${name}`;
  await withPage(
    t,
    async (page) => {
      page.on("dialog", (dialog) => void dialog.accept());
      await signIn(page, "admin@demo.test");
      await page.goto(new URL("/admin/webhooks", page.url()).href);
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();

      await page.getByRole("button", { name: "Add endpoint" }).click();
      const form = page.getByRole("form", { name: "Add a webhook endpoint" });
      await form.getByLabel("URL").fill("https://10.0.0.7/hooks");
      await form.getByRole("button", { name: "Add endpoint" }).click();
      await form.getByText("private, loopback or link-local").waitFor();

      await form.getByLabel("URL").fill(url);
      await form.getByLabel("Description").fill("Browser test receiver");
      await form.getByRole("button", { name: "Add endpoint" }).click();
      const secret = (await page.getByTestId("webhook-secret").textContent()).trim();
      assert.match(secret, /^whsec_/);
      await page.getByRole("button", { name: "I have stored it" }).click();
      assert.equal(await page.getByTestId("webhook-secret").count(), 0, "the secret is shown once");

      const row = page.getByRole("listitem", { name: url });
      await row.getByRole("button", { name: "Send test" }).click();
      const log = row.getByRole("table", { name: "Deliveries" });
      await log.getByRole("cell", { name: "Delivered" }).waitFor({ timeout: 15_000 });
      await screenshot(page, "webhooks-360");
      assert.equal(await overflowsHorizontally(page), false, "no sideways scrolling at 360 px");

      await log.getByRole("button", { name: "Send again" }).click();
      await eventually(async () => (await received(name)).length === 2, "the replay arrived");
      const deliveries = await received(name);
      const ids = deliveries.map((d) => d.headers["webhook-id"]);
      assert.equal(ids[0], ids[1], "a replay keeps the webhook-id");
      for (const { headers, body } of deliveries) {
        assert.equal(new Webhook(secret).verify(body, headers).type, "webhook.test");
      }

      await row.getByRole("button", { name: "Remove" }).click();
      await page.getByRole("listitem", { name: url }).waitFor({ state: "detached" });
    },
    { viewport: VIEWPORTS.narrow },
  );
});

test("an endpoint reached by Show more stays in place when it is disabled, and goes alone when removed (G5)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const tag = `paged-${Date.now()}`;
  const urlOf = (i) => `${BASE_URL}/sandbox/receiver/${tag}-${i}`;
  const rowOf = (page, i) => page.getByRole("listitem", { name: urlOf(i), exact: true });
  const created = [];
  // More than a page (25), newest first: the oldest of them is only reached by "Show more".
  for (let i = 0; i < 26; i++) {
    created.push(await admin.post("/api/webhook-endpoints", { url: urlOf(i), events: ["template.status_changed"] }));
  }
  try {
    await withPage(t, async (page) => {
      page.on("dialog", (dialog) => void dialog.accept());
      await signIn(page, "admin@demo.test");
      await page.goto(new URL("/admin/webhooks", page.url()).href);
      await rowOf(page, 25).waitFor();
      const oldest = rowOf(page, 0);
      assert.equal(await oldest.count(), 0, "the oldest is not on the first page");
      await page.getByRole("button", { name: "Show more endpoints" }).click();
      await oldest.waitFor();

      await oldest.getByRole("button", { name: "Disable" }).click();
      await oldest.getByRole("button", { name: "Enable" }).waitFor();
      assert.match(await oldest.textContent(), /Disabled/);
      assert.equal(await rowOf(page, 1).count(), 1, "the second page stays");

      await oldest.getByRole("button", { name: "Remove" }).click();
      await oldest.waitFor({ state: "detached" });
      assert.equal(await rowOf(page, 1).count(), 1, "only that one went");
      assert.equal(await rowOf(page, 25).count(), 1);
    });
  } finally {
    for (const endpoint of created) await admin.delete(`/api/webhook-endpoints/${endpoint.id}`).catch(() => {});
  }
});
