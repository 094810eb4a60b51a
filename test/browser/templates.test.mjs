// Message templates in the browser (rules T1-T4): an admin writes a template and sees a rule error
// before submitting (the API's own validator), turns template OTP on, submits a UTILITY template
// with the emailed code, watches it go PENDING -> APPROVED (the sandbox reviews in ~3 s; the page
// polls) and sends it from a room whose 24-hour window expired. Also: a rejection and its reason,
// a header sample upload, quality chips, filters, a wrong code, delete, and what others may do.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  addUserAs,
  apiAs,
  codeMailedTo,
  customerConversation,
  customerSaidLongAgo,
  eventually,
  findRoomItem,
  inboxTab,
  newestMailId,
  overflowsHorizontally,
  sandboxPost,
  screenshot,
  screenshotWhole,
  signIn,
  tinyPng,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

const ADMIN = "admin@demo.test";
const stamp = Date.now().toString(36);

// Leave things as they were for whatever runs next, even when a test failed half-way: this file's
// templates deleted (the composer's picker lists approved ones) and template OTP off.
after(async () => {
  const admin = await apiAs(ADMIN);
  for (const template of (await admin.get("/api/templates")).templates) {
    if (template.name.endsWith(`_${stamp}`)) await admin.delete(`/api/templates/${template.id}`);
  }
  if (!(await admin.get("/api/settings/security")).templateOtp) return;
  const since = await newestMailId(ADMIN);
  await admin.post("/api/otp", { purpose: "security_settings" });
  await admin.put("/api/settings/security", { templateOtp: false, otpCode: await codeMailedTo(ADMIN, since) });
});

/** The card of one template in the list. */
const card = (page, name) => page.locator(`[data-testid="template"][data-name="${name}"]`);

test("an admin writes a template, sees a rule error, turns OTP on, submits with the code, watches it approved and sends it from an expired room", async (t) => {
  const name = `pickup_ready_${stamp}`;
  const waId = uniquePhone();
  await customerSaidLongAgo(waId, "Hana Template", "Is my order ready?", 25);

  await withPage(t, async (page) => {
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "Templates", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Templates" }).waitFor();
    await card(page, "order_update").getByTestId("status").getByText("Approved").waitFor();
    await page.getByRole("button", { name: "New template" }).click();
    await page.getByRole("heading", { level: 1, name: "New template" }).waitFor();

    // Rule errors as the admin types, before anything is submitted (T2).
    const form = page.getByRole("form", { name: "New template" });
    // Rule T1: the numbers offered are the WhatsApp ones; the demo's website chat (which may be the
    // newest channel, and so listed first) has no templates and is not offered.
    const { channels } = await (await page.request.get("/api/channels")).json();
    const numbers = channels.filter((c) => c.kind === "whatsapp" && c.connected).map((c) => c.id);
    assert.ok(
      channels.some((c) => c.kind !== "whatsapp"),
      "the demo has a channel of another kind",
    );
    const offered = await form
      .getByLabel("WhatsApp number")
      .locator("option")
      .evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(offered.sort(), numbers.sort());
    await form.getByLabel("Name").fill("Pickup Ready");
    await form.getByText("Use lowercase letters, digits and underscores only, e.g. order_update.").waitFor();
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Category").selectOption("UTILITY");
    await form.getByLabel("Language").selectOption("id");
    const body = form.getByLabel("Body");
    await body.fill("Halo {{1}},  pesanan *{{2}}* sudah _siap diambil_. ~Ongkir~ gratis!");
    await form.getByText("Use a single space between words.").waitFor();
    assert.equal(await body.getAttribute("aria-invalid"), "true");
    await body.fill("Halo {{1}}, pesanan *{{2}}* sudah _siap diambil_. ~Ongkir~ gratis!");
    await form.getByText("Use a single space between words.").waitFor({ state: "detached" });

    // The live preview: WhatsApp's formatting rendered, the variables highlighted with their samples.
    const preview = page.getByTestId("preview-body");
    assert.equal(await preview.locator("mark.wa-var").count(), 2);
    assert.equal((await preview.locator("em").textContent())?.trim(), "siap diambil");
    assert.equal((await preview.locator("s").textContent())?.trim(), "Ongkir");
    await form.getByLabel("Sample for {{1}}").fill("Hana");
    await form.getByLabel("Sample for {{2}}").fill("A-2042");
    assert.equal((await preview.locator("strong mark.wa-var").textContent())?.trim(), "A-2042");
    assert.equal((await preview.textContent())?.trim(), "Halo Hana, pesanan A-2042 sudah siap diambil. Ongkir gratis!");
    await form.getByLabel("Footer (optional)").fill("Demo Store");
    await form.getByRole("button", { name: "Quick reply" }).click();
    await form.getByLabel("Button text").fill("Terima kasih");
    await page.getByTestId("whatsapp-preview").getByText("Terima kasih").waitFor();
    await screenshot(page, "template-form-1280x800", { fullPage: false });
    await screenshotWhole(page, "template-form-whole-1280");

    // Turn template OTP on (T4): it takes the code emailed for security_settings. The draft waits.
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Security" }).click();
    await page.getByRole("heading", { level: 1, name: "Security" }).waitFor();
    const toggle = page.getByRole("switch");
    assert.equal(await toggle.isChecked(), false);
    let since = await newestMailId(ADMIN);
    await toggle.click();
    let dialog = page.getByRole("dialog", { name: "Turn on template OTP" });
    await dialog.getByText(/We emailed a 6-digit code to a\*\*\*@demo\.test/).waitFor();
    assert.equal(await toggle.isChecked(), false, "nothing changes before the code");
    await dialog.getByLabel("6-digit code").fill(await codeMailedTo(ADMIN, since));
    await dialog.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("status").filter({ hasText: "Template OTP is on." }).waitFor();
    assert.equal(await toggle.isChecked(), true);
    assert.equal((await (await page.request.get("/api/settings/security")).json()).templateOtp, true);
    await screenshot(page, "security-1280x800", { fullPage: false });

    // Back to the draft, as it was; submitting a UTILITY template now needs the emailed code.
    await page.getByRole("link", { name: "Templates", exact: true }).click();
    await page.getByRole("button", { name: "New template" }).click();
    assert.equal(await form.getByLabel("Name").inputValue(), name, "the draft was kept");
    await form.getByText("Template OTP is on: you confirm this submission with a code emailed to you.").waitFor();
    since = await newestMailId(ADMIN);
    await form.getByRole("button", { name: "Submit for review" }).click();
    dialog = page.getByRole("dialog", { name: "Confirm with the emailed code" });
    await dialog.getByText(/We emailed a 6-digit code/).waitFor();
    await dialog.getByLabel("6-digit code").fill(await codeMailedTo(ADMIN, since));
    await dialog.getByRole("button", { name: "Submit for review" }).click();

    // PENDING at once, APPROVED when the sandbox's review webhook arrives: the list polls.
    await page.getByRole("heading", { level: 1, name: "Templates" }).waitFor();
    await page
      .getByRole("status")
      .filter({ hasText: `${name} was submitted.` })
      .waitFor();
    const mine = card(page, name);
    await mine.and(page.locator('[data-status="PENDING"]')).waitFor();
    await mine.getByTestId("status").getByText("Pending review").waitFor();
    await page.getByTestId("review-note").waitFor();
    await screenshot(page, "templates-1280x800", { fullPage: false });
    await screenshotWhole(page, "templates-whole-1280");
    await mine.and(page.locator('[data-status="APPROVED"]')).waitFor({ timeout: 20_000 });
    await mine.getByTestId("status").getByText("Approved").waitFor();
    await mine.getByTestId("quality").waitFor();
    const stored = (await (await page.request.get("/api/templates")).json()).templates.find((x) => x.name === name);
    assert.equal(stored.status, "APPROVED");
    assert.equal(stored.category, "UTILITY");
    assert.deepEqual(
      stored.components.map((c) => c.type),
      ["BODY", "FOOTER", "BUTTONS"],
    );

    // Send it from a room whose 24-hour window expired (I2).
    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await inboxTab(page, "Unassigned").click();
    await (await findRoomItem(page, "Hana Template")).click();
    await page.getByText("The 24-hour window has closed.").waitFor();
    const picker = page.getByLabel("Template", { exact: true });
    await picker.selectOption({ label: `${name} (id) · utility` });
    await page.getByLabel("Value for {{1}}").fill("Hana");
    await page.getByLabel("Value for {{2}}").fill("A-2042");
    await page.getByRole("button", { name: "Send template" }).click();
    const sent = page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: "A-2042" });
    await sent.waitFor();
    await sent.getByText("Template").waitFor();
    const phone = await eventually(
      async () =>
        (await customerConversation(waId)).find(
          (m) => m.direction === "out" && m.type === "template" && JSON.stringify(m).includes("A-2042"),
        ),
      "the template on the customer's phone",
    );
    assert.ok(phone);
  });
});

test("a wrong code is refused in words; the right one goes through", async (t) => {
  const admin = await apiAs(ADMIN);
  const name = `wrong_code_${stamp}`;
  await withPage(t, async (page) => {
    await signIn(page, ADMIN);
    if (!(await admin.get("/api/settings/security")).templateOtp) {
      const since = await newestMailId(ADMIN);
      await admin.post("/api/otp", { purpose: "security_settings" });
      await admin.put("/api/settings/security", { templateOtp: true, otpCode: await codeMailedTo(ADMIN, since) });
    }
    await page.goto("/templates/new");
    const form = page.getByRole("form", { name: "New template" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Category").selectOption("MARKETING");
    await form.getByLabel("Body").fill("Diskon 10% minggu ini untuk semua pesanan.");
    const since = await newestMailId(ADMIN);
    await form.getByRole("button", { name: "Submit for review" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm with the emailed code" });
    await dialog.getByText(/We emailed a 6-digit code/).waitFor();
    const code = await codeMailedTo(ADMIN, since);
    const wrong = code === "000000" ? "111111" : "000000";
    await dialog.getByLabel("6-digit code").fill(wrong);
    await dialog.getByRole("button", { name: "Submit for review" }).click();
    await dialog.getByRole("alert").getByText("The code is wrong. 4 tries left before the code is locked.").waitFor();
    await screenshot(page, "template-otp-dialog-1280x800", { fullPage: false });
    await dialog.getByLabel("6-digit code").fill(code);
    await dialog.getByRole("button", { name: "Submit for review" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${name} was submitted.` })
      .waitFor();
    await card(page, name).getByTestId("status").waitFor();
  });
});

test("five wrong codes lock the code step for 15 minutes, said in words", async (t) => {
  // A fresh admin of their own: the lock is per person and purpose, and would hold up the others.
  const admin = await apiAs(ADMIN);
  const email = `otp-lock-${stamp}@demo.test`;
  const password = "a-long-enough-password";
  await addUserAs(admin, { email, name: "Lina Lock", role: "admin" }, password);
  if (!(await admin.get("/api/settings/security")).templateOtp) {
    const since = await newestMailId(ADMIN);
    await admin.post("/api/otp", { purpose: "security_settings" });
    await admin.put("/api/settings/security", { templateOtp: true, otpCode: await codeMailedTo(ADMIN, since) });
  }
  await withPage(t, async (page) => {
    await signIn(page, email, password);
    await page.goto("/templates/new");
    const form = page.getByRole("form", { name: "New template" });
    await form.getByLabel("Name").fill(`locked_${stamp}`);
    await form.getByLabel("Body").fill("Terima kasih sudah berbelanja.");
    const since = await newestMailId(email);
    await form.getByRole("button", { name: "Submit for review" }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm with the emailed code" });
    await dialog.getByText(/We emailed a 6-digit code to o\*\*\*@demo\.test/).waitFor();
    const code = await codeMailedTo(email, since);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 4; attempt++) {
      await dialog.getByLabel("6-digit code").fill(wrong);
      await dialog.getByRole("button", { name: "Submit for review" }).click();
      const left = 5 - attempt;
      await dialog
        .getByRole("alert")
        .getByText(`${left} ${left === 1 ? "try" : "tries"} left`)
        .waitFor();
    }
    await dialog.getByLabel("6-digit code").fill(wrong);
    await dialog.getByRole("button", { name: "Submit for review" }).click();
    await dialog.getByRole("alert").getByText("Too many wrong codes. Wait 15 minutes, then send a new code.").waitFor();
    assert.equal(await dialog.getByLabel("6-digit code").isDisabled(), true, "no more tries meanwhile");
    assert.equal(await dialog.getByRole("button", { name: "Send a new code" }).isDisabled(), true);
    // The right code does not help while locked: the API refuses it too.
    const refused = await page.request.post("/api/templates", {
      headers: { origin: new URL(page.url()).origin },
      data: {
        channelId: "ch_demo_whatsapp",
        name: `locked_${stamp}`,
        language: "id",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Terima kasih sudah berbelanja." }],
        otpCode: code,
      },
    });
    assert.equal(refused.status(), 429);
    assert.equal((await refused.json()).code, "otp_locked");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await form.getByLabel("Name").inputValue(), `locked_${stamp}`, "the draft is still there");
  });
});

test("a rejected template shows the reviewer's reason; an image header uploads its sample; delete asks first", async (t) => {
  const name = `rejected_offer_${stamp}`;
  await withPage(t, async (page) => {
    await signIn(page, ADMIN);
    await page.goto("/templates/new");
    const form = page.getByRole("form", { name: "New template" });
    await form.getByLabel("Name").fill(name);
    // AUTHENTICATION templates never need the code (T4), whatever the setting.
    await form.getByLabel("Category").selectOption("AUTHENTICATION");
    await form.getByText("Image", { exact: true }).click();
    await form
      .getByLabel("Sample image")
      .setInputFiles({ name: "header.png", mimeType: "image/png", buffer: tinyPng(32) });
    await form.getByText("header.png (").waitFor();
    assert.ok(await page.getByTestId("preview-header").locator("img").isVisible(), "the preview shows the image");
    await form.getByLabel("Body").fill("Kode REJECTME Anda: {{1}}. Jangan berikan kepada siapa pun.");
    await form.getByLabel("Sample for {{1}}").fill("123456");
    await form.getByRole("button", { name: "Submit for review" }).click();

    const mine = card(page, name);
    await mine.waitFor();
    await mine.and(page.locator('[data-status="REJECTED"]')).waitFor({ timeout: 20_000 });
    await mine.getByTestId("status").getByText("Rejected").waitFor();
    await mine
      .getByTestId("reason")
      .getByText(/ABUSIVE_CONTENT/)
      .waitFor();
    await mine.getByText("image header").waitFor();
    assert.equal(await mine.getByTestId("quality").count(), 0, "no quality for a template never approved");

    await mine.getByRole("button", { name: `Delete ${name}` }).click();
    await mine.getByRole("button", { name: "Delete", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${name} was deleted.` })
      .waitFor();
    await mine.waitFor({ state: "detached" });
    const left = (await (await page.request.get("/api/templates")).json()).templates;
    assert.equal(
      left.some((x) => x.name === name),
      false,
    );
  });
});

test("quality chips, filters by status and category, and the list on a phone", async (t) => {
  const admin = await apiAs(ADMIN);
  const approved = (await admin.get("/api/templates?status=APPROVED")).templates.find((x) => x.name === "order_update");
  const qualityBefore = approved.quality;
  t.after(async () => {
    // Put the seeded template back as it was: later tests (and files) send it and show its chip.
    if (!qualityBefore || qualityBefore === "MEDIUM") return;
    await sandboxPost(`/templates/${approved.providerTemplateId}/quality`, { quality: qualityBefore });
    await eventually(
      async () => (await admin.get(`/api/templates/${approved.id}`)).quality === qualityBefore,
      `order_update's quality back to ${qualityBefore}`,
    );
  });
  await withPage(
    t,
    async (page) => {
      await signIn(page, ADMIN);
      await page.goto("/templates");
      await card(page, "order_update").waitFor();

      // The customers' reactions lower the quality: the provider pauses the template (T3).
      await sandboxPost(`/templates/${approved.providerTemplateId}/quality`, { quality: "MEDIUM" });
      await eventually(
        async () => (await admin.get(`/api/templates/${approved.id}`)).quality === "MEDIUM",
        "the quality webhook",
      );
      await page.reload();
      await card(page, "order_update").getByTestId("quality").getByText("Quality medium").waitFor();

      await page.getByLabel("Status").selectOption("APPROVED");
      await page.waitForURL("**/templates?status=APPROVED");
      await card(page, "order_update").waitFor();
      await eventually(
        async () =>
          (await page.getByTestId("template").evaluateAll((cards) => cards.map((c) => c.dataset.status))).every(
            (s) => s === "APPROVED",
          ),
        "only approved templates",
      );
      await page.getByLabel("Category").selectOption("MARKETING");
      await page.waitForURL(/category=MARKETING/);
      await card(page, "order_update").waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Clear filters" }).click();
      await card(page, "order_update").waitFor();

      assert.equal(await overflowsHorizontally(page), false, "nothing scrolls sideways at 390 px");
      await screenshot(page, "templates-390x844", { fullPage: false });
      await screenshotWhole(page, "templates-whole-390");
      await page.getByRole("button", { name: "New template" }).click();
      await page.getByRole("form", { name: "New template" }).getByLabel("Body").fill("Halo {{1}}, terima kasih!");
      assert.equal(await overflowsHorizontally(page), false);
      await screenshot(page, "template-form-390x844", { fullPage: false });
      await screenshotWhole(page, "template-form-whole-390");
    },
    { viewport: VIEWPORTS.phone },
  );
});

test("a supervisor reads the templates but cannot submit or delete; an agent has no Templates link", async (t) => {
  await withPage(t, async (page) => {
    await signIn(page, "supervisor@demo.test");
    await page.getByRole("link", { name: "Templates", exact: true }).click();
    await card(page, "order_update").waitFor();
    assert.equal(await page.getByRole("button", { name: "New template" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: /^Delete / }).count(), 0);
    await page.goto("/templates/new");
    await page.getByText("Only admins submit templates").waitFor();
  });
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    assert.equal(await page.getByRole("link", { name: "Templates", exact: true }).count(), 0);
  });
});

// Issue 17, item 1: a URL button takes a static link with a path, as Meta does; a link without a
// scheme is still refused in words, as the admin types.
test("a URL button takes a static link with a path; a bare domain is refused as the admin types", async (t) => {
  await withPage(t, async (page) => {
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "Templates", exact: true }).click();
    await page.getByRole("button", { name: "New template" }).click();
    const form = page.getByRole("form", { name: "New template" });
    await form.getByLabel("Name").fill(`promo_link_${stamp}`);
    await form.getByLabel("Body").fill("Promo akhir tahun sudah mulai.");
    await form.getByRole("button", { name: "Visit a website" }).click();
    await form.getByLabel("Button text").fill("Lihat promo");
    const website = form.getByLabel("Website");
    const refused = form.getByText(/Give a full link such as/);
    await website.fill("shop.example/promo");
    await refused.waitFor();
    assert.equal(await website.getAttribute("aria-invalid"), "true");
    await website.fill("https://shop.example/promo");
    await refused.waitFor({ state: "detached" });
    assert.notEqual(await website.getAttribute("aria-invalid"), "true");
    await page.getByTestId("whatsapp-preview").getByText("Lihat promo").waitFor();
  });
});
