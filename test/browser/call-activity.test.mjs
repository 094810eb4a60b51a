// Reports › Call activity in the browser (rule C10, issues 14 and 15): a customer calls while nobody
// can take it, the call is logged Unanswered with no agent, and a supervisor finds it under Reports ›
// Call activity, filtered by outcome, with its CSV.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  overflowsHorizontally,
  sandboxPost,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

const OFFER = [
  "v=0",
  "o=- 11 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111",
  "c=IN IP4 0.0.0.0",
  "a=ice-ufrag:abcd",
  "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB",
  "a=setup:actpass",
  "a=rtpmap:111 opus/48000/2",
  "",
].join("\r\n");

test("an unanswered call shows under Reports › Call activity, with N/A for the agent (C10)", async (t) => {
  const waId = uniquePhone();
  const name = `Caller ${waId.slice(-4)}`;
  await customerSays(waId, "I will call you", name);
  await sandboxPost(`/customers/${waId}/calls`, { sdp: OFFER });
  const supervisor = await apiAs("supervisor@demo.test");
  // The report's days are the organization's (Asia/Jakarta), which may already be tomorrow in UTC.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
  await eventually(async () => {
    const { calls } = await supervisor.get(`/api/reports/calls?from=${today}&to=${today}`);
    return calls.some((c) => c.contact === name);
  }, "the call logged");

  await withPage(t, async (page) => {
    await signIn(page, "supervisor@demo.test");
    await page.getByRole("link", { name: "Reports" }).click();
    await page.getByRole("tab", { name: "Call activity" }).click();
    const table = page.getByRole("table", { name: "Calls" });
    const row = table.getByRole("row").filter({ hasText: name });
    await row.waitFor();
    assert.match(await row.textContent(), /Inbound.*Unanswered.*N\/A/);

    await page.getByLabel("Outcome").selectOption("answered");
    await row.waitFor({ state: "detached" });
    await page.getByLabel("Outcome").selectOption("unanswered");
    await row.waitFor();
    const csv = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    assert.match(csv, /^\/api\/reports\/calls\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&status=unanswered$/);
    const text = await (await page.request.get(csv)).text();
    assert.ok(text.includes(name), "the CSV lists the call");

    await page.setViewportSize(VIEWPORTS.narrow);
    assert.equal(await overflowsHorizontally(page), false, "call activity scrolls sideways at 360 px");
  });
});
