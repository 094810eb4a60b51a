import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { cloudflareMailer } from "../../worker/mail/mailer";
import { seed, signIn } from "./helpers";

beforeAll(seed);

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;

describe("cron housekeeping", () => {
  it("drops expired sessions, used-up reset tokens, old failures and OTP codes; running twice changes nothing more", async () => {
    await signIn("agent@demo.test");
    await signIn("agent2@demo.test");
    await env.DB.prepare("UPDATE sessions SET expires_at = 1 WHERE identity_id = 'usr_demo_agent'").run();
    await env.DB.prepare("INSERT INTO failed_logins (email, at) VALUES ('x@demo.test', 1), ('y@demo.test', ?)")
      .bind(Date.now())
      .run();
    await env.DB.prepare(
      "INSERT INTO otp_codes (id, organization_id, identity_id, purpose, salt, code_hash, expires_at) VALUES ('otp-old', 'org_demo', 'usr_demo_admin', 'template_submit', 's', 'h', 1), ('otp-new', 'org_demo', 'usr_demo_admin', 'template_submit', 's', 'h', ?)",
    )
      .bind(Date.now() + 600_000)
      .run();
    const tick = () =>
      worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }), env);
    await tick();
    expect(await count("sessions")).toBe(1);
    expect(await count("failed_logins")).toBe(1);
    expect(await count("otp_codes")).toBe(1);
    await tick();
    expect(await count("sessions")).toBe(1);
    expect(await count("failed_logins")).toBe(1);
  });
});

describe("production mailer", () => {
  it("sends through the EMAIL binding with the configured sender", async () => {
    const sent: unknown[] = [];
    const binding = { send: async (m: unknown) => void sent.push(m) } as unknown as SendEmail;
    await cloudflareMailer(binding, "Edge Inbox <no-reply@x.test>").send({
      to: "a@x.test",
      subject: "Hi",
      text: "Body",
    });
    expect(sent).toEqual([{ from: "Edge Inbox <no-reply@x.test>", to: "a@x.test", subject: "Hi", text: "Body" }]);
  });
});
