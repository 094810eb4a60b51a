// Billing integrity (B1, B2, B5, B7): resets only move forward and never drift from the ledger, a
// retried charge charges once, a send that fails before the provider confirms it is refunded, and a
// refund never undoes a conversation another reply used.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_PACKAGE, DEMO_VOICE_BALANCE } from "../../worker/db/seed";
import { chargeSend, currentAccount, refundSend } from "../../worker/features/billing/service";
import worker from "../../worker/index";
import { clock } from "../../worker/lib/clock";
import { roomStub } from "../../worker/rooms/room-stub";
import { billingTenant, sendFor, type TestPackage } from "./billing-helpers";
import { call, db, json, seed, signIn } from "./helpers";
import { customerWrites, messagesOf, reply, roomOfContact } from "./rooms-helpers";

let admin: string;
let agent: string;
let supervisor: string;

/** The demo tenant's wallets right after the seed, before any test here spends from them. */
let seeded: Record<string, unknown> | null;

beforeAll(async () => {
  await seed();
  seeded = await env.DB.prepare(
    "SELECT conversation_credit, muv_quota, package_balance, topup_balance, voice_balance FROM wallets WHERE organization_id = 'org_demo'",
  ).first();
  [admin, agent, supervisor] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("agent@demo.test"),
    signIn("supervisor@demo.test"),
  ]);
});
afterEach(() => vi.restoreAllMocks());

const HOUR = 3_600_000;
/** A wall-clock time in Jakarta (UTC+7), month 0-based. */
const wib = (month: number, day: number, hh: number, mm = 0) => Date.UTC(2026, month, day, hh - 7, mm);

const tenant = (id: string, pkg: TestPackage = { credit: 10, muv: 10, balance: 5_000 }, timeZone = "Asia/Jakarta") =>
  billingTenant(id, pkg, timeZone);
const send = sendFor;

const walletsOf = (org: string) =>
  env.DB.prepare(
    "SELECT period, conversation_credit, muv_quota, package_balance, topup_balance, voice_balance FROM wallets WHERE organization_id = ?",
  )
    .bind(org)
    .first<Record<string, string | number>>();

const ledgerCount = async (org: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM ledger_entries WHERE organization_id = ?")
      .bind(org)
      .first<{ n: number }>()
  )?.n ?? 0;

const resetCount = async (org: string) =>
  (
    await env.DB.prepare(
      "SELECT count(*) AS n FROM ledger_entries WHERE organization_id = ? AND reason = 'monthly_reset'",
    )
      .bind(org)
      .first<{ n: number }>()
  )?.n ?? 0;

const conversationCount = async (org: string) =>
  (
    await env.DB.prepare("SELECT count(*) AS n FROM conversations WHERE organization_id = ?")
      .bind(org)
      .first<{ n: number }>()
  )?.n ?? 0;

/** B7: per wallet, the sum of the ledger equals the balance. */
async function expectLedgerMatchesWallets(org: string) {
  const wallet = await walletsOf(org);
  const sums = await env.DB.prepare(
    "SELECT wallet, sum(amount) AS total FROM ledger_entries WHERE organization_id = ? GROUP BY wallet",
  )
    .bind(org)
    .all<{ wallet: string; total: number }>();
  for (const column of ["conversation_credit", "muv_quota", "package_balance", "topup_balance", "voice_balance"]) {
    expect(sums.results.find((s) => s.wallet === column)?.total ?? 0, column).toBe(wallet?.[column]);
  }
}

const hourlyTick = (scheduledTime: number) =>
  worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime }), env);

describe("the demo tenant's starting package (seed, B1)", () => {
  it("starts with 1,000 conversation credit, 1,000 MUV, Rp 100,000 package balance and Rp 50,000 voice", () => {
    expect(seeded).toEqual({
      conversation_credit: 1_000,
      muv_quota: 1_000,
      package_balance: 100_000,
      topup_balance: 0,
      voice_balance: 50_000,
    });
    expect(DEMO_PACKAGE).toMatchObject({ monthlyConversationCredit: 1_000, muvQuota: 1_000, packageBalance: 100_000 });
    expect(DEMO_VOICE_BALANCE).toBe(50_000);
  });
});

describe("the monthly reset only moves forward (B1)", () => {
  it("an old `now` after December's reset changes nothing, and later sends still go through", async () => {
    const org = await tenant("org_backwards");
    await chargeSend(db(), send(org, { now: wib(10, 20, 10), send: "MARKETING" }));
    await currentAccount(db(), org, wib(11, 1, 9)); // December's reset
    const december = await walletsOf(org);
    const entries = await ledgerCount(org);
    const resets = await resetCount(org);
    // A request that took its clock on 30 November and waited in a queue until after the reset.
    const stale = await currentAccount(db(), org, wib(10, 30, 23, 59));
    expect(stale?.period).toBe("2026-12");
    expect(await walletsOf(org)).toEqual(december);
    expect(await ledgerCount(org)).toBe(entries);
    // A stale charge is charged in the wallets' month, without granting November's package again.
    await chargeSend(db(), send(org, { now: wib(10, 30, 23, 58), contactId: "c2", contactExternalId: "62802" }));
    expect((await walletsOf(org))?.period).toBe("2026-12");
    // And a send later in December works (no reset key collides) and is charged normally.
    const later = await chargeSend(
      db(),
      send(org, { now: wib(11, 2, 10), contactId: "c3", contactExternalId: "62803" }),
    );
    expect(later?.entries.length).toBeGreaterThan(0);
    // No reset since December's: November's package was not granted again, none collided.
    expect(await resetCount(org)).toBe(resets);
    await expectLedgerMatchesWallets(org);
  });

  it("a late hourly tick, and one for an older hour arriving after it, leave the state of one tick on time", async () => {
    const november = async (org: string) => {
      await chargeSend(db(), send(org, { now: wib(10, 20, 10), send: "MARKETING" }));
      await chargeSend(db(), send(org, { now: wib(10, 21, 10), contactId: "c2", contactExternalId: "62802" }));
    };
    const december = (org: string) =>
      chargeSend(db(), send(org, { now: wib(11, 1, 4), contactId: "c3", contactExternalId: "62803" }));
    const midnight = wib(11, 1, 0);

    const onTime = await tenant("org_tick_on_time");
    await november(onTime);
    vi.spyOn(clock, "now").mockReturnValue(midnight + 60_000);
    await hourlyTick(midnight);
    await december(onTime);
    const once = { wallets: await walletsOf(onTime), entries: await ledgerCount(onTime) };
    expect(once.wallets).toMatchObject({ period: "2026-12", conversation_credit: 9, muv_quota: 9 });

    const late = await tenant("org_tick_late");
    await november(late);
    vi.spyOn(clock, "now").mockReturnValue(midnight + 3 * HOUR);
    await hourlyTick(midnight);
    await december(late);
    await hourlyTick(midnight - HOUR); // 30 November 23:00 WIB, delivered after midnight's tick
    await hourlyTick(midnight);
    expect(await walletsOf(late)).toEqual(once.wallets);
    expect(await ledgerCount(late)).toBe(once.entries);
    // The tenant reset on time did not move when the later ticks came.
    expect(await walletsOf(onTime)).toEqual(once.wallets);
    expect(await ledgerCount(onTime)).toBe(once.entries);
    for (const org of [onTime, late]) await expectLedgerMatchesWallets(org);
  });

  it("the cron resets each tenant at its own local midnight and skips one whose month has not turned", async () => {
    const jakarta = await tenant("org_tz_jakarta");
    const makassar = await tenant("org_tz_makassar", undefined, "Asia/Makassar");
    const newYork = await tenant("org_tz_new_york", undefined, "America/New_York");
    for (const org of [jakarta, makassar, newYork]) {
      await chargeSend(db(), send(org, { now: Date.UTC(2026, 10, 20, 3), send: "UTILITY" }));
    }
    const november = await walletsOf(newYork);
    expect(november).toMatchObject({ period: "2026-11", muv_quota: 9, package_balance: 5_000 - 600 * 0 - 460 });
    const tickAt = async (utc: number) => {
      vi.spyOn(clock, "now").mockReturnValue(utc);
      await hourlyTick(utc);
    };
    // 30 Nov 16:00 UTC: 1 Dec 00:00 in Makassar (UTC+8), 23:00 in Jakarta, 11:00 in New York.
    await tickAt(Date.UTC(2026, 10, 30, 16));
    expect((await walletsOf(makassar))?.period).toBe("2026-12");
    expect((await walletsOf(jakarta))?.period).toBe("2026-11");
    // 30 Nov 17:00 UTC: midnight in Jakarta; New York's month has not turned.
    await tickAt(Date.UTC(2026, 10, 30, 17));
    expect(await walletsOf(jakarta)).toMatchObject({ period: "2026-12", muv_quota: 10, package_balance: 5_000 });
    expect(await walletsOf(newYork)).toEqual(november);
    // 1 Dec 04:00 UTC is 23:00 on 30 Nov in New York (EST, UTC-5): still November.
    await tickAt(Date.UTC(2026, 11, 1, 4));
    expect(await walletsOf(newYork)).toEqual(november);
    // 1 Dec 05:00 UTC is midnight in New York.
    await tickAt(Date.UTC(2026, 11, 1, 5));
    expect(await walletsOf(newYork)).toMatchObject({ period: "2026-12", muv_quota: 10, package_balance: 5_000 });
    for (const org of [jakarta, makassar, newYork]) await expectLedgerMatchesWallets(org);
  });
});

describe("the reset and the ledger agree (B7)", () => {
  it("a charge committing between the reset's read and its write is neither wiped nor counted twice", async () => {
    const org = await tenant("org_race_between", { credit: 50, muv: 50, balance: 50_000 });
    await currentAccount(db(), org, wib(10, 29, 10));
    const real = db();
    let interposed = false;
    // The reset's database: right before its first write, a charge of 30 November commits.
    const racing = new Proxy(real, {
      get(target, key) {
        if (key === "batch") {
          return async (queries: Parameters<typeof real.batch>[0]) => {
            if (!interposed) {
              interposed = true;
              await chargeSend(real, send(org, { now: wib(10, 30, 23, 59), send: "MARKETING" }));
            }
            return target.batch(queries);
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const account = await currentAccount(racing, org, wib(11, 1, 0, 1));
    expect(interposed).toBe(true);
    expect(account?.period).toBe("2026-12");
    // December starts from the package, whatever November's last charge took.
    expect(await walletsOf(org)).toMatchObject({ conversation_credit: 50, muv_quota: 50, package_balance: 50_000 });
    await expectLedgerMatchesWallets(org);
  });

  it("a reset racing charges keeps the ledger sum equal to every wallet", async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    for (let round = 0; round < 12; round++) {
      const org = await tenant(`org_race_${round}`, { credit: 50, muv: 50, balance: 50_000 });
      await currentAccount(db(), org, wib(10, 29, 10));
      const lastMinute = wib(10, 30, 23, 59);
      // The reset starts a little later each round, so it reads and writes while charges commit.
      await Promise.all([
        ...Array.from({ length: 8 }, (_, i) =>
          chargeSend(db(), send(org, { now: lastMinute, contactId: `c${i}`, contactExternalId: `6281${i}` })),
        ),
        sleep(round % 4).then(() => currentAccount(db(), org, wib(11, 1, 0, 1))),
        ...Array.from({ length: 4 }, (_, i) =>
          sleep(round % 3).then(() =>
            chargeSend(
              db(),
              send(org, { now: lastMinute, send: "MARKETING", contactId: `m${i}`, contactExternalId: `6282${i}` }),
            ),
          ),
        ),
      ]);
      await currentAccount(db(), org, wib(11, 1, 1));
      expect((await walletsOf(org))?.period).toBe("2026-12");
      await expectLedgerMatchesWallets(org);
    }
  }, 60_000);
});

describe("a retried charge of the same message (B7)", () => {
  it("charges once, even when the retry runs alongside the first try", async () => {
    const org = await tenant("org_retry");
    // The contact is already this month's visitor, so only the conversation is at stake.
    await chargeSend(db(), send(org, { now: wib(10, 2, 10), send: "UTILITY" }));
    const before = await walletsOf(org);
    const message = send(org, { now: wib(10, 5, 10), send: "MARKETING" });
    await Promise.all([chargeSend(db(), message), chargeSend(db(), message)]);
    await chargeSend(db(), message);
    const after = await walletsOf(org);
    expect(Number(before?.package_balance) - Number(after?.package_balance)).toBe(460);
    expect(await conversationCount(org)).toBe(2);
    await expectLedgerMatchesWallets(org);
  });
});

describe("refunds (B2, B7)", () => {
  it("keeps a conversation, and its price, that another reply went out in", async () => {
    const org = await tenant("org_refund_used");
    const first = await chargeSend(db(), send(org, { now: wib(10, 3, 10) }));
    const second = await chargeSend(db(), send(org, { now: wib(10, 3, 10, 1) }));
    expect(second?.entries).toEqual([]); // inside the first one's conversation: free
    if (!first) throw new Error("not billed");
    await refundSend(db(), first, wib(10, 3, 10, 2)); // the first one failed; the second went out
    expect(await conversationCount(org)).toBe(1);
    expect(await walletsOf(org)).toMatchObject({ conversation_credit: 9, muv_quota: 9 });
    // A third reply is still inside the conversation and costs nothing.
    const third = await chargeSend(db(), send(org, { now: wib(10, 3, 12) }));
    expect(third?.entries).toEqual([]);
    await expectLedgerMatchesWallets(org);
  });

  it("undoes a conversation nobody else used, with refund entries naming the room, message and contact", async () => {
    const org = await tenant("org_refund_alone");
    const s = send(org, { now: wib(10, 4, 10), roomId: "room-refund", contactId: "contact-refund" });
    const receipt = await chargeSend(db(), s);
    if (!receipt) throw new Error("not billed");
    await refundSend(db(), receipt, wib(10, 4, 10, 1));
    expect(await conversationCount(org)).toBe(0);
    expect(await walletsOf(org)).toMatchObject({ conversation_credit: 10, muv_quota: 10 });
    const refunds = await env.DB.prepare(
      "SELECT room_id, message_id, contact_id FROM ledger_entries WHERE organization_id = ? AND reason = 'refund'",
    )
      .bind(org)
      .all();
    expect(refunds.results).toHaveLength(2);
    for (const r of refunds.results) {
      expect(r).toEqual({ room_id: "room-refund", message_id: s.messageId, contact_id: "contact-refund" });
    }
    await expectLedgerMatchesWallets(org);
  });
});

describe("a send that fails before the provider confirms it (B7)", () => {
  it("is marked failed with a clear error and its charge is given back", async () => {
    await customerWrites({ waId: "6289100000777", text: "hi" });
    const room = await roomOfContact(supervisor, "6289100000777");
    const before = await walletsOf("org_demo");
    const ledgerBefore = await ledgerCount("org_demo");
    // The inbox index cannot be written (D1 refuses): the room's publish throws after the charge.
    await env.DB.prepare(
      `CREATE TRIGGER fail_room_index BEFORE UPDATE ON rooms WHEN OLD.id = '${room.id}' BEGIN SELECT RAISE(ABORT, 'index unavailable'); END`,
    ).run();
    let res: Response;
    try {
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      res = await reply(agent, room.id, "this one cannot go out");
    } finally {
      await env.DB.prepare("DROP TRIGGER fail_room_index").run();
    }
    const message = await json<{ status: string; error: { code: string; title: string } | null }>(res);
    expect(message.status).toBe("failed");
    expect(message.error).toMatchObject({
      code: "send_interrupted",
      title: "The message could not be sent. Try again.",
    });
    const stored = (await messagesOf(agent, room.id)).at(-1);
    expect(stored?.status).toBe("failed");
    expect(await walletsOf("org_demo")).toEqual(before);
    // Charge and refund are both in the ledger (traceable), and they cancel out.
    expect(await ledgerCount("org_demo")).toBe(ledgerBefore + 4);
    await expectLedgerMatchesWallets("org_demo");
  });
});

describe("an automatic reply cut off before the provider (B7, I9)", () => {
  it("is given back and forgotten, so that the retried request sends it once", async () => {
    await customerWrites({ waId: "6289100000778", text: "anyone there at night?" });
    const room = await roomOfContact(supervisor, "6289100000778");
    const before = await walletsOf("org_demo");
    await env.DB.prepare(
      `CREATE TRIGGER fail_away_index BEFORE UPDATE ON rooms WHEN OLD.id = '${room.id}' BEGIN SELECT RAISE(ABORT, 'index unavailable'); END`,
    ).run();
    try {
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      await expect(roomStub(env, room.id).sendAutomaticReply("away:test-night", "We are away")).rejects.toThrow();
    } finally {
      await env.DB.prepare("DROP TRIGGER fail_away_index").run();
    }
    expect(await walletsOf("org_demo")).toEqual(before);
    // The events queue retries the batch: the reply goes out now, and a third try sends nothing.
    const sent = await roomStub(env, room.id).sendAutomaticReply("away:test-night", "We are away");
    expect(sent?.status).toBe("sent");
    expect(await roomStub(env, room.id).sendAutomaticReply("away:test-night", "We are away")).toBeNull();
    const away = (await messagesOf(agent, room.id)).filter((m) => m.text === "We are away");
    expect(away.map((m) => m.status)).toEqual(["failed", "sent"]);
    await expectLedgerMatchesWallets("org_demo");
  });
});

describe("the low-balance banner (B5)", () => {
  const setDemoWallet = (credit: number, packageBalance: number, topup: number) =>
    env.DB.prepare(
      "UPDATE wallets SET conversation_credit = ?, package_balance = ?, topup_balance = ? WHERE organization_id = 'org_demo'",
    )
      .bind(credit, packageBalance, topup)
      .run();
  const low = async (cookie: string) =>
    (await json<{ lowBalance: boolean }>(await call("/api/billing/usage", { cookie }))).lowBalance;

  it("shows when templates cannot be paid, even while free service credit is left", async () => {
    const saved = await walletsOf("org_demo");
    try {
      await setDemoWallet(500, 0, 0);
      expect(await low(agent)).toBe(true);
      expect(await low(admin)).toBe(true);
      await setDemoWallet(500, 5_000, 10_000);
      expect(await low(agent)).toBe(true);
      await setDemoWallet(0, 0, 20_000);
      expect(await low(agent)).toBe(false);
      await setDemoWallet(500, 100_000, 0);
      expect(await low(agent)).toBe(false);
    } finally {
      await setDemoWallet(
        Number(saved?.conversation_credit),
        Number(saved?.package_balance),
        Number(saved?.topup_balance),
      );
    }
  });
});
