import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type ChannelPolicy, INSTAGRAM_POLICY, WHATSAPP_POLICY } from "../../worker/domain/channel-policy";
import { monthOf } from "../../worker/domain/pricing";
import { campaignContactId } from "../../worker/features/billing/conversations-repo";
import {
  chargeSend,
  chargeSends,
  creditTopup,
  currentAccount,
  refundSend,
  type SendToCharge,
} from "../../worker/features/billing/service";
import { billingTenant, sendFor, type TestPackage } from "./billing-helpers";
import { call, db, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { customerWrites, messagesOf, reply, roomOfContact } from "./rooms-helpers";

let admin: string;
let agent: string;
let supervisor: string;

beforeAll(async () => {
  await seed();
  [admin, agent, supervisor] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("agent@demo.test"),
    signIn("supervisor@demo.test"),
  ]);
});

const HOUR = 3_600_000;
/** 10:00 WIB (UTC+7) on a day in the current month, so the monthly reset does not interfere. */
const wib = (day: number, hh: number, mm: number) => Date.UTC(2026, 10, day, hh - 7, mm);

/** A fresh tenant with the demo package, so each scenario starts from known amounts. */
const tenant = (id: string, pkg: TestPackage = { credit: 1000, muv: 1000, balance: 100_000 }) => billingTenant(id, pkg);
const send = sendFor;

const count = async (sql: string, ...binds: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...binds)
      .first<{ n: number }>()
  )?.n ?? 0;

describe("worked examples of seed 000: conversation credit and MUV", () => {
  it("customer at 10:00, reply at 10:05: one conversation until 10:05 next day; next day 10:30 a second", async () => {
    const org = await tenant("org_example_a");
    await chargeSend(db(), send(org, { now: wib(3, 10, 5) }));
    await chargeSend(db(), send(org, { now: wib(3, 18, 0) })); // inside: free
    await chargeSend(db(), send(org, { now: wib(4, 10, 4) })); // 23:59 later: still inside
    expect(await count("SELECT count(*) AS n FROM conversations WHERE organization_id = ?", org)).toBe(1);
    await chargeSend(db(), send(org, { now: wib(4, 10, 30) }));
    expect(await count("SELECT count(*) AS n FROM conversations WHERE organization_id = ?", org)).toBe(2);
    const account = await currentAccount(db(), org, wib(4, 11, 0));
    expect(account?.wallets).toMatchObject({ conversationCredit: 998, muvQuota: 999, packageBalance: 100_000 });
  });

  it("prices by the channel kind's policy: a free kind charges nothing, a conversation lasts the kind's length (B2)", async () => {
    const org = await tenant("org_example_policy");
    const free: ChannelPolicy = { ...WHATSAPP_POLICY, pricing: { model: "free" } };
    expect(await chargeSend(db(), send(org, { now: wib(3, 10, 0), policy: free }))).toBeNull();
    expect(await count("SELECT count(*) AS n FROM ledger_entries WHERE organization_id = ?", org)).toBe(0);
    const hourly: ChannelPolicy = { ...WHATSAPP_POLICY, pricing: { model: "conversation", conversationMs: HOUR } };
    await chargeSend(db(), send(org, { now: wib(3, 10, 0), policy: hourly }));
    await chargeSend(db(), send(org, { now: wib(3, 10, 59), policy: hourly })); // inside the hour: covered
    await chargeSend(db(), send(org, { now: wib(3, 11, 1), policy: hourly })); // after it: a second one
    expect(await count("SELECT count(*) AS n FROM conversations WHERE organization_id = ?", org)).toBe(2);
  });

  it("a customer nobody answers costs nothing (B2)", async () => {
    await customerWrites({ waId: "6289100000001", text: "hello?" });
    await customerWrites({ waId: "6289100000001", text: "anyone?" });
    const n = await count(
      "SELECT count(*) AS n FROM ledger_entries l JOIN contacts c ON c.id = l.contact_id WHERE c.external_id = '6289100000001'",
    );
    expect(n).toBe(0);
  });

  it("a broadcast to 100 unique numbers uses 100 business-initiated conversations of the template's category (B3)", async () => {
    const org = await tenant("org_example_b");
    for (let i = 0; i < 100; i++) {
      await chargeSend(
        db(),
        send(org, {
          now: wib(5, 9, 0),
          send: "MARKETING",
          contactId: `c${i}`,
          contactExternalId: `62811${String(i).padStart(7, "0")}`,
        }),
      );
    }
    const account = await currentAccount(db(), org, wib(5, 9, 1));
    expect(account?.wallets.packageBalance).toBe(100_000 - 100 * 460);
    expect(account?.wallets.conversationCredit).toBe(1000);
    expect(
      await count("SELECT count(*) AS n FROM conversations WHERE organization_id = ? AND category = 'MARKETING'", org),
    ).toBe(100);
    // The same template to the same number within 24 h costs nothing more.
    await chargeSend(
      db(),
      send(org, { now: wib(5, 20, 0), send: "MARKETING", contactId: "c0", contactExternalId: "628110000000" }),
    );
    expect((await currentAccount(db(), org, wib(5, 21, 0)))?.wallets.packageBalance).toBe(100_000 - 100 * 460);
  });

  it("a broadcast and the inbox share a recipient's conversation: no second charge either way (B2, B3)", async () => {
    const org = await tenant("org_broadcast_room");
    const [answered, earlier, fresh] = ["628120000001", "628120000002", "628120000003"];
    const contactOf = async (externalId: string) => {
      const id = crypto.randomUUID();
      await env.DB.prepare("INSERT INTO contacts (id, organization_id, kind, external_id) VALUES (?, ?, 'whatsapp', ?)")
        .bind(id, org, externalId)
        .run();
      return id;
    };
    const fromCampaign = (externalId: string, now: number) =>
      send(org, {
        now,
        send: "MARKETING",
        contactId: campaignContactId(externalId),
        contactExternalId: externalId,
        roomId: "campaign:c1",
        messageId: `cmp:c1:${externalId}:1`,
      });
    const balance = async () => (await currentAccount(db(), org, wib(6, 23, 0)))?.wallets.packageBalance;
    // A broadcast reaches a customer (no room, no contact yet) ...
    await chargeSends(db(), [fromCampaign(answered, wib(6, 9, 0)), fromCampaign(fresh, wib(6, 9, 0))]);
    expect(await balance()).toBe(100_000 - 2 * 460);
    // ... who answers: the agent's reply in the new room is inside the broadcast's conversation.
    const contact = await contactOf(answered);
    const replied = await chargeSend(
      db(),
      send(org, { now: wib(6, 10, 0), contactId: contact, contactExternalId: answered }),
    );
    expect(replied?.conversationId).toBeNull();
    // A MARKETING template from the inbox, then the same in a broadcast the same day: charged once.
    const known = await contactOf(earlier);
    await chargeSend(
      db(),
      send(org, { now: wib(6, 11, 0), send: "MARKETING", contactId: known, contactExternalId: earlier }),
    );
    await chargeSends(db(), [fromCampaign(earlier, wib(6, 12, 0)), fromCampaign(fresh, wib(6, 12, 0))]);
    expect(await balance()).toBe(100_000 - 3 * 460);
    expect(await count("SELECT count(*) AS n FROM conversations WHERE organization_id = ?", org)).toBe(3);
  });

  it("one number writing all month is one unique visitor; the same person on another channel is another (B6)", async () => {
    const org = await tenant("org_example_c");
    for (const day of [2, 9, 16, 23, 28]) await chargeSend(db(), send(org, { now: wib(day, 10, 0) }));
    expect(await count("SELECT count(*) AS n FROM unique_visitors WHERE organization_id = ?", org)).toBe(1);
    await chargeSend(
      db(),
      send(org, { now: wib(10, 10, 0), channelId: `ch-instagram-${org}`, contactExternalId: "ig-123" }),
    );
    expect(await count("SELECT count(*) AS n FROM unique_visitors WHERE organization_id = ?", org)).toBe(2);
  });

  it("a WhatsApp number is one visitor across the organization's numbers; a page-scoped id is one per channel (B6)", async () => {
    const org = await tenant("org_two_numbers", { credit: 1000, muv: 0, balance: 100_000 });
    const balance = async () => (await currentAccount(db(), org, wib(7, 23, 0)))?.wallets.packageBalance;
    await chargeSend(db(), send(org, { now: wib(7, 10, 0), channelId: `ch-wa-1-${org}` }));
    await chargeSend(db(), send(org, { now: wib(7, 11, 0), channelId: `ch-wa-2-${org}` }));
    // One Rp 600 visitor for the number, whichever of the two numbers it wrote to.
    expect(await balance()).toBe(100_000 - 600);
    const instagram = { policy: INSTAGRAM_POLICY, contactExternalId: "igsid-1" };
    await chargeSend(db(), send(org, { now: wib(7, 12, 0), channelId: `ch-ig-1-${org}`, ...instagram }));
    await chargeSend(db(), send(org, { now: wib(7, 13, 0), channelId: `ch-ig-2-${org}`, ...instagram }));
    expect(await balance()).toBe(100_000 - 3 * 600);
  });

  it("charges Rp 275, Rp 460 and Rp 600 from the balance once the free credit and quota are used (B4, B5)", async () => {
    const org = await tenant("org_example_d", { credit: 0, muv: 0, balance: 1_000 });
    await chargeSend(db(), send(org, { now: wib(6, 10, 0) }));
    expect((await currentAccount(db(), org, wib(6, 10, 1)))?.wallets.packageBalance).toBe(1_000 - 600 - 275);
    await expect(
      chargeSend(db(), send(org, { now: wib(6, 11, 0), send: "UTILITY", contactId: "c2", contactExternalId: "62899" })),
    ).rejects.toMatchObject({ status: 402, code: "insufficient_balance" });
    const account = await currentAccount(db(), org, wib(6, 11, 1));
    if (!account) throw new Error("no account");
    await creditTopup(db(), account, "topupBalance", 10_000, "t1", wib(6, 11, 2));
    await chargeSend(
      db(),
      send(org, { now: wib(6, 11, 3), send: "UTILITY", contactId: "c2", contactExternalId: "62899" }),
    );
    // Package part first (125 left), then top-up: 600 + 460 - 125 from top-up.
    expect((await currentAccount(db(), org, wib(6, 11, 4)))?.wallets).toMatchObject({
      packageBalance: 0,
      topupBalance: 10_000 - (600 + 460 - 125),
    });
  });
});

describe("monthly reset (B1)", () => {
  it("resets package amounts at the tenant's month start; top-up carries over; twice or late is the same as once", async () => {
    const org = await tenant("org_reset", { credit: 10, muv: 10, balance: 5_000 });
    const nov = Date.UTC(2026, 10, 20, 3, 0);
    const first = await currentAccount(db(), org, nov);
    if (!first) throw new Error("no account");
    await creditTopup(db(), first, "topupBalance", 20_000, "t", nov);
    await chargeSend(db(), send(org, { now: nov, send: "MARKETING" }));
    // 30 Nov 23:59 WIB is still November; 1 Dec 00:00 WIB (30 Nov 17:00 UTC) is December.
    expect(monthOf(Date.UTC(2026, 10, 30, 16, 59), "Asia/Jakarta")).toBe("2026-11");
    expect(monthOf(Date.UTC(2026, 10, 30, 17, 0), "Asia/Jakarta")).toBe("2026-12");
    const late = Date.UTC(2026, 11, 1, 5, 0);
    const dec = await currentAccount(db(), org, late);
    const again = await currentAccount(db(), org, late + HOUR);
    expect(dec?.period).toBe("2026-12");
    expect(dec?.wallets).toEqual(again?.wallets);
    expect(dec?.wallets).toMatchObject({
      conversationCredit: 10,
      muvQuota: 10,
      packageBalance: 5_000,
      topupBalance: 20_000,
    });
    expect(
      await count(
        "SELECT count(*) AS n FROM ledger_entries WHERE organization_id = ? AND reason = 'monthly_reset' AND month = '2026-12'",
        org,
      ),
    ).toBe(2);
  });

  it("runs from the hourly cron for every tenant with a package", async () => {
    const org = await tenant("org_cron_reset");
    await env.DB.prepare("UPDATE wallets SET period = '2020-01', conversation_credit = 3 WHERE organization_id = ?")
      .bind(org)
      .run();
    await currentAccount(db(), org, Date.now()); // creates the wallet row if missing
    await env.DB.prepare("UPDATE wallets SET period = '2020-01', conversation_credit = 3 WHERE organization_id = ?")
      .bind(org)
      .run();
    const { createScheduledController } = await import("cloudflare:test");
    const worker = (await import("../../worker/index")).default;
    const entries = () => count("SELECT count(*) AS n FROM ledger_entries WHERE organization_id = ?", org);
    const before = await entries();
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
    const once = await entries();
    expect(once).toBeGreaterThan(before); // the reset is in the ledger
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
    // Run twice, the reset is done and recorded once (B1, B7).
    expect(await entries()).toBe(once);
    const row = await env.DB.prepare("SELECT period, conversation_credit AS c FROM wallets WHERE organization_id = ?")
      .bind(org)
      .first<{ period: string; c: number }>();
    expect(row).toEqual({ period: monthOf(Date.now(), "Asia/Jakarta"), c: 1000 });
  });
});

describe("charging where messages are sent (B2, B7)", () => {
  it("charges one service conversation for 50 concurrent replies in one room", async () => {
    await customerWrites({ waId: "6289100000050", text: "hi" });
    const room = await roomOfContact(supervisor, "6289100000050");
    const before = await currentAccount(db(), "org_demo", Date.now());
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => reply(agent, room.id, `reply ${i}`)));
    expect(answers.every((r) => r.status === 201)).toBe(true);
    const after = await currentAccount(db(), "org_demo", Date.now());
    expect((before?.wallets.conversationCredit ?? 0) - (after?.wallets.conversationCredit ?? 0)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM conversations WHERE room_id = ?", room.id)).toBe(1);
  }, 30_000);

  it("refuses a send that cannot be paid with 402 before anything is sent, and traces every charge to its message", async () => {
    await customerWrites({ waId: "6289100000060", text: "hi" });
    const room = await roomOfContact(supervisor, "6289100000060");
    const saved = await env.DB.prepare("SELECT * FROM wallets WHERE organization_id = 'org_demo'").first();
    await env.DB.prepare(
      "UPDATE wallets SET conversation_credit = 0, package_balance = 100, topup_balance = 0 WHERE organization_id = 'org_demo'",
    ).run();
    await expectProblem(await reply(agent, room.id, "no money"), 402, "insufficient_balance");
    expect(await messagesOf(agent, room.id)).toHaveLength(1);
    const phone = await exports.default.fetch(`${ORIGIN}/sandbox/api/customers/6289100000060/messages`);
    expect(phone.status).toBe(404);
    await env.DB.prepare(
      "UPDATE wallets SET conversation_credit = ?, package_balance = ?, topup_balance = ? WHERE organization_id = 'org_demo'",
    )
      .bind(saved?.conversation_credit, saved?.package_balance, saved?.topup_balance)
      .run();
    const sent = await json<{ id: string }>(await reply(agent, room.id, "paid"));
    const { entries } = await json<{ entries: { messageId: string; roomId: string; reason: string }[] }>(
      await call("/api/billing/ledger", { cookie: admin }),
    );
    const mine = entries.filter((e) => e.messageId === sent.id);
    expect(mine.map((e) => e.reason).sort()).toEqual(["service_conversation", "unique_visitor"]);
    expect(mine.every((e) => e.roomId === room.id)).toBe(true);
  });

  it("refunds a charge when the provider refuses the message", async () => {
    await customerWrites({ waId: "6280091000070", text: "hi" });
    const room = await roomOfContact(supervisor, "6280091000070");
    const before = await currentAccount(db(), "org_demo", Date.now());
    const failed = await json<{ status: string }>(await reply(agent, room.id, "undeliverable"));
    expect(failed.status).toBe("failed");
    const after = await currentAccount(db(), "org_demo", Date.now());
    expect(after?.wallets).toEqual(before?.wallets);
  });
});

describe("Finance routes", () => {
  it("shows usage to admins only, with the same figures as the ledger", async () => {
    const res = await call("/api/billing/usage", { cookie: admin });
    expect(res.status).toBe(200);
    const usage = await json<{
      remaining: { conversationCredit: number };
      conversations: { total: number; service: number };
      uniqueVisitors: number;
    }>(res);
    expect(usage.conversations.service).toBeGreaterThanOrEqual(2);
    expect(usage.uniqueVisitors).toBeGreaterThanOrEqual(2);
    const agentView = await json<{ remaining: unknown; lowBalance: boolean }>(
      await call("/api/billing/usage", { cookie: agent }),
    );
    expect(agentView.remaining).toBeNull();
    await expectProblem(await call("/api/billing/ledger", { cookie: agent }), 403, "forbidden");
    await expectProblem(await call("/api/billing/usage?month=2026-13", { cookie: admin }), 400, "validation_failed");
  });

  it("tops up at once in development, once per Idempotency-Key; voice needs at least Rp 50,000 (B8)", async () => {
    const before = await currentAccount(db(), "org_demo", Date.now());
    const body = { wallet: "voice", amount: 50_000 };
    const headers = { "idempotency-key": "topup-1" };
    const first = await call("/api/billing/topups", { cookie: admin, body, headers });
    expect(await json(first)).toMatchObject({ credited: true });
    const second = await call("/api/billing/topups", { cookie: admin, body, headers });
    expect(await json(second)).toMatchObject({ credited: false });
    const after = await currentAccount(db(), "org_demo", Date.now());
    expect((after?.wallets.voiceBalance ?? 0) - (before?.wallets.voiceBalance ?? 0)).toBe(50_000);
    const small = await call("/api/billing/topups", { cookie: admin, body: { wallet: "voice", amount: 49_999 } });
    await expectProblem(small, 400, "validation_failed");
    await expectProblem(await call("/api/billing/topups", { cookie: supervisor, body }), 403, "forbidden");
  });

  it("starts the demo tenant with its package", async () => {
    const usage = await json<{ package: Record<string, number> }>(await call("/api/billing/usage", { cookie: admin }));
    expect(usage.package).toMatchObject({ monthlyConversationCredit: 1_000, muvQuota: 1_000, packageBalance: 100_000 });
  });
});

describe("the ledger adds up (B7)", () => {
  it("sum of entries per wallet equals the balance, for any sequence of sends, top-ups (WhatsApp and voice), refunds, resets and concurrent sends", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ credit: fc.integer({ min: 0, max: 2 }), muv: fc.integer({ min: 0, max: 2 }) }),
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant("send" as const),
              contact: fc.integer({ min: 0, max: 4 }),
              kind: fc.constantFrom("reply", "MARKETING", "UTILITY", "AUTHENTICATION") as fc.Arbitrary<
                SendToCharge["send"]
              >,
              refund: fc.boolean(),
            }),
            fc.record({ op: fc.constant("topup" as const), amount: fc.integer({ min: 1, max: 5_000 }) }),
            // B8: voice top-ups of at least Rp 50,000 go to the voice wallet, which resets never touch.
            fc.record({ op: fc.constant("voice" as const), amount: fc.integer({ min: 50_000, max: 200_000 }) }),
            // Several sends at once (other rooms of the tenant), optionally racing a reset at month end.
            fc.record({
              op: fc.constant("burst" as const),
              sends: fc.array(
                fc.record({
                  contact: fc.integer({ min: 0, max: 4 }),
                  kind: fc.constantFrom("reply", "MARKETING", "UTILITY") as fc.Arbitrary<SendToCharge["send"]>,
                  refund: fc.boolean(),
                }),
                { minLength: 2, maxLength: 5 },
              ),
              resetRace: fc.boolean(),
            }),
            fc.record({ op: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 24 * 20 }) }),
          ),
          { minLength: 1, maxLength: 25 },
        ),
        async (pkg, ops) => {
          const org = await tenant(`org_prop_${++run}`, { ...pkg, balance: 2_000 });
          let now = Date.UTC(2026, 0, 15, 3, 0);
          for (const op of ops) {
            if (op.op === "wait") now += op.hours * HOUR;
            if (op.op === "topup") {
              const account = await currentAccount(db(), org, now);
              if (account) await creditTopup(db(), account, "topupBalance", op.amount, crypto.randomUUID(), now);
            }
            if (op.op === "voice") {
              const account = await currentAccount(db(), org, now);
              if (account) await creditTopup(db(), account, "voiceBalance", op.amount, crypto.randomUUID(), now);
            }
            if (op.op === "burst") {
              const at = now;
              const nextMonth = Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth() + 1, 1, 0);
              await Promise.all([
                ...op.sends.map(async (s) => {
                  try {
                    const receipt = await chargeSend(
                      db(),
                      send(org, {
                        now: at,
                        send: s.kind,
                        contactId: `c${s.contact}`,
                        contactExternalId: `62${s.contact}`,
                      }),
                    );
                    if (receipt && s.refund) await refundSend(db(), receipt, at);
                  } catch (err) {
                    if ((err as { code?: string }).code !== "insufficient_balance") throw err;
                  }
                }),
                op.resetRace ? currentAccount(db(), org, nextMonth) : Promise.resolve(),
              ]);
              if (op.resetRace) now = nextMonth;
            }
            if (op.op === "send") {
              try {
                const receipt = await chargeSend(
                  db(),
                  send(org, { now, send: op.kind, contactId: `c${op.contact}`, contactExternalId: `62${op.contact}` }),
                );
                if (receipt && op.refund) await refundSend(db(), receipt, now);
              } catch (err) {
                if ((err as { code?: string }).code !== "insufficient_balance") throw err;
              }
            }
          }
          await currentAccount(db(), org, now);
          const wallet = await env.DB.prepare("SELECT * FROM wallets WHERE organization_id = ?")
            .bind(org)
            .first<Record<string, number>>();
          const sums = await env.DB.prepare(
            "SELECT wallet, sum(amount) AS total FROM ledger_entries WHERE organization_id = ? GROUP BY wallet",
          )
            .bind(org)
            .all<{ wallet: string; total: number }>();
          for (const column of [
            "conversation_credit",
            "muv_quota",
            "package_balance",
            "topup_balance",
            "voice_balance",
          ]) {
            const total = sums.results.find((s) => s.wallet === column)?.total ?? 0;
            expect(total, column).toBe(wallet?.[column]);
            expect(wallet?.[column]).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
