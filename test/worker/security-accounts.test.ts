// Issue 11, finding 1 (rules A1, A4): account pre-hijacking. Nobody but the owner of an email ever
// sets or knows its password: a new identity is unverified until its owner follows the mailed link and
// chooses one; a changed email waits for its owner; an existing identity joins another organization
// only by accepting an invitation.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, json, mailedToken, seed, seedOtherTenant, signIn } from "./helpers";

let admin: string;
let otherAdmin: string;

const login = (email: string, password: string) => call("/api/auth/login", { body: { email, password } });

const linkTo = (email: string, kind: "invitation" | "confirm-email" | "reset-password") => mailedToken(email, kind);

async function mailCount(email: string): Promise<number> {
  const { messages } = await json<{ messages: unknown[] }>(
    await call(`/api/dev/outbox?to=${encodeURIComponent(email)}`),
  );
  return messages.length;
}

async function organizationsOfSession(cookie: string): Promise<string[]> {
  const me = await json<{ organizations: { id: string }[] }>(await call("/api/me", { cookie }));
  return me.organizations.map((o) => o.id).sort();
}

beforeAll(async () => {
  await seed();
  await seedOtherTenant();
  admin = await signIn("admin@demo.test");
  otherAdmin = await signIn("boss@other.test");
  await call("/api/auth/switch", { cookie: otherAdmin, body: { organizationId: "org_other" } });
});

describe("an admin never sets or learns a password (A1)", () => {
  it("refuses a password in the add-user body; the new identity has no usable password", async () => {
    await expectProblem(
      await call("/api/users", {
        cookie: admin,
        body: { email: "victim@corp.test", name: "Victim", role: "agent", password: "admin-chosen-1" },
      }),
      400,
      "validation_failed",
    );
    const added = await call("/api/users", {
      cookie: admin,
      body: { email: "victim@corp.test", name: "Victim", role: "agent" },
    });
    expect(added.status).toBe(201);
    expect(await json(added)).toMatchObject({ status: "invited", emailVerified: false });
    // Whatever the admin might guess, nothing signs in before the owner chose a password.
    for (const password of ["admin-chosen-1", "demo-password-1"]) {
      await expectProblem(await login("victim@corp.test", password), 401, "invalid_credentials");
    }
  });

  it("pre-hijack: another organization adding the same email gets no password the first admin knows", async () => {
    // The attack of the finding: organization A's admin prepares victim@corp.test, organization B adds it later.
    const res = await call("/api/users", {
      cookie: otherAdmin,
      body: { email: "victim@corp.test", name: "Victim at Other", role: "admin" },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ status: "invited" });
    await expectProblem(await login("victim@corp.test", "admin-chosen-1"), 401, "invalid_credentials");
    // The owner follows Other Shop's link, chooses the password and joins only Other Shop.
    const token = await linkTo("victim@corp.test", "invitation");
    const preview = await call("/api/auth/invitation", { body: { token } });
    expect(await json(preview)).toMatchObject({
      organization: { id: "org_other", name: "Other Shop" },
      role: "admin",
      email: "victim@corp.test",
      needsPassword: true,
    });
    await expectProblem(await call("/api/auth/invitation/accept", { body: { token } }), 422, "password_required");
    expect(
      (await call("/api/auth/invitation/accept", { body: { token, newPassword: "only-the-owner-1" } })).status,
    ).toBe(204);
    const owner = await signIn("victim@corp.test", "only-the-owner-1");
    expect(await organizationsOfSession(owner)).toEqual(["org_other"]);
    // The link is single-use.
    await expectProblem(await call("/api/auth/invitation", { body: { token } }), 404, "invitation_invalid");
  });
});

describe("adding an existing identity is an invitation (A4)", () => {
  it("lists the organization only once the person accepts, signed in or by the link", async () => {
    const before = await mailCount("boss@other.test");
    const res = await call("/api/users", {
      cookie: admin,
      body: { email: "boss@other.test", name: "Ignored", role: "supervisor" },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ name: "Other Boss", status: "invited", emailVerified: true });
    expect(await mailCount("boss@other.test")).toBe(before + 1);
    // Not theirs yet: not listed, can't switch in.
    const boss = await signIn("boss@other.test");
    expect(await organizationsOfSession(boss)).toEqual(["org_other"]);
    await expectProblem(
      await call("/api/auth/switch", { cookie: boss, body: { organizationId: "org_demo" } }),
      404,
      "not_found",
    );
    // The invitation link of an existing identity never sets a password.
    const token = await linkTo("boss@other.test", "invitation");
    expect(await json(await call("/api/auth/invitation", { body: { token } }))).toMatchObject({ needsPassword: false });
    // Signed in: it waits in their invitations; accepting makes the organization theirs.
    const { invitations } = await json<{ invitations: { organizationId: string; role: string }[] }>(
      await call("/api/me/invitations", { cookie: boss }),
    );
    expect(invitations).toMatchObject([
      { organizationId: "org_demo", organizationName: "Demo Store", role: "supervisor" },
    ]);
    expect((await call("/api/me/invitations/org_demo/accept", { method: "POST", cookie: boss })).status).toBe(200);
    expect(await organizationsOfSession(boss)).toEqual(["org_demo", "org_other"]);
    expect((await call("/api/auth/switch", { cookie: boss, body: { organizationId: "org_demo" } })).status).toBe(200);
    // The password is still their own, and the used link is spent.
    expect((await login("boss@other.test", "demo-password-1")).status).toBe(200);
    await expectProblem(await call("/api/auth/invitation", { body: { token } }), 404, "invitation_invalid");
    await call("/api/users/usr_other_admin", { method: "DELETE", cookie: admin });
    await call("/api/auth/switch", { cookie: boss, body: { organizationId: "org_other" } });
  });

  it("lets the invited person decline, and the admin withdraw an invitation", async () => {
    await call("/api/users", { cookie: admin, body: { email: "boss@other.test", name: "x", role: "agent" } });
    const boss = await signIn("boss@other.test");
    expect((await call("/api/me/invitations/org_demo", { method: "DELETE", cookie: boss })).status).toBe(204);
    expect(
      (await json<{ invitations: unknown[] }>(await call("/api/me/invitations", { cookie: boss }))).invitations,
    ).toEqual([]);
    await call("/api/users", { cookie: admin, body: { email: "boss@other.test", name: "x", role: "agent" } });
    const token = await linkTo("boss@other.test", "invitation");
    expect((await call("/api/users/usr_other_admin", { method: "DELETE", cookie: admin })).status).toBe(204);
    await expectProblem(await call("/api/auth/invitation/accept", { body: { token } }), 404, "invitation_invalid");
    expect(await organizationsOfSession(boss)).toEqual(["org_other"]);
  });
});

describe("a changed email waits for its owner (A1)", () => {
  it("keeps the old address until the new one is confirmed; a taken or unclaimed address signs nobody in", async () => {
    const added = await call("/api/users", {
      cookie: admin,
      body: { email: "rina@demo.test", name: "Rina", role: "agent" },
    });
    const { id } = await json<{ id: string }>(added);
    await call("/api/auth/invitation/accept", {
      body: { token: await linkTo("rina@demo.test", "invitation"), newPassword: "rinas-password-1" },
    });
    // The admin points Rina's account at an address nobody has claimed yet.
    const changed = await call(`/api/users/${id}`, {
      method: "PATCH",
      cookie: admin,
      body: { email: "unclaimed@corp.test" },
    });
    expect(await json(changed)).toMatchObject({ email: "rina@demo.test", pendingEmail: "unclaimed@corp.test" });
    await expectProblem(await login("unclaimed@corp.test", "rinas-password-1"), 401, "invalid_credentials");
    expect((await login("rina@demo.test", "rinas-password-1")).status).toBe(200);
    // Another organization adding that address gets a fresh identity, not Rina's account.
    const theirs = await call("/api/users", {
      cookie: otherAdmin,
      body: { email: "unclaimed@corp.test", name: "Real Owner", role: "agent" },
    });
    const fresh = await json<{ id: string; name: string; emailVerified: boolean }>(theirs);
    expect(fresh).toMatchObject({ name: "Real Owner", emailVerified: false });
    expect(fresh.id).not.toBe(id);
    // Rina's pending change can no longer take the address.
    const confirm = await linkTo("unclaimed@corp.test", "confirm-email");
    await expectProblem(
      await call("/api/auth/email/confirm", { body: { token: confirm, password: "rinas-password-1" } }),
      409,
      "email_taken",
    );
    expect((await login("rina@demo.test", "rinas-password-1")).status).toBe(200);
  });

  it("switches to the new address once its owner follows the link", async () => {
    const { users } = await json<{ users: { id: string; email: string }[] }>(
      await call("/api/users", { cookie: admin }),
    );
    const rina = users.find((u) => u.email === "rina@demo.test")!;
    await call(`/api/users/${rina.id}`, { method: "PATCH", cookie: admin, body: { email: "rina.new@demo.test" } });
    const token = await linkTo("rina.new@demo.test", "confirm-email");
    // The mailbox alone is not enough (someone lured into clicking): the account's password is needed too.
    await expectProblem(
      await call("/api/auth/email/confirm", { body: { token, password: "not-rinas-password" } }),
      401,
      "invalid_credentials",
    );
    await expectProblem(await login("rina.new@demo.test", "rinas-password-1"), 401, "invalid_credentials");
    const res = await call("/api/auth/email/confirm", { body: { token, password: "rinas-password-1" } });
    expect(await json(res)).toEqual({ email: "rina.new@demo.test" });
    expect((await login("rina.new@demo.test", "rinas-password-1")).status).toBe(200);
    await expectProblem(await login("rina@demo.test", "rinas-password-1"), 401, "invalid_credentials");
    await expectProblem(
      await call("/api/auth/email/confirm", { body: { token, password: "rinas-password-1" } }),
      400,
      "email_token_invalid",
    );
  });

  it("voids an invitation mailed to an address the identity no longer has", async () => {
    const { users } = await json<{ users: { id: string; email: string }[] }>(
      await call("/api/users", { cookie: admin }),
    );
    const rina = users.find((u) => u.email === "rina.new@demo.test")!;
    await call("/api/users", { cookie: otherAdmin, body: { email: "rina.new@demo.test", name: "R", role: "agent" } });
    const invitation = await linkTo("rina.new@demo.test", "invitation");
    await call(`/api/users/${rina.id}`, { method: "PATCH", cookie: admin, body: { email: "rina.third@demo.test" } });
    const confirm = await linkTo("rina.third@demo.test", "confirm-email");
    await call("/api/auth/email/confirm", { body: { token: confirm, password: "rinas-password-1" } });
    await expectProblem(await call("/api/auth/invitation", { body: { token: invitation } }), 404, "invitation_invalid");
  });
});

describe("lockout per client (issue 11, finding 7)", () => {
  const from = (ip: string, password: string) =>
    call("/api/auth/login", {
      body: { email: "agent2@demo.test", password },
      headers: { "CF-Connecting-IP": ip },
    });

  it("locks the guessing client out, not the owner on another address", async () => {
    for (let i = 0; i < 10; i++) {
      await expectProblem(await from("203.0.113.9", `guess-${i}-password`), 401, "invalid_credentials");
    }
    await expectProblem(await from("203.0.113.9", "demo-password-1"), 429, "too_many_attempts");
    expect((await from("198.51.100.7", "demo-password-1")).status).toBe(200);
  });

  it("locks the email for everyone past 100 failures from all clients; a completed reset lifts it", async () => {
    const rows = Array.from({ length: 100 }, (_, i) =>
      env.DB.prepare("INSERT INTO failed_logins (email, client, at) VALUES ('agent2@demo.test', ?, ?)").bind(
        `192.0.2.${i}`,
        Date.now() - 1000,
      ),
    );
    await env.DB.batch(rows);
    await expectProblem(await from("198.51.100.7", "demo-password-1"), 429, "too_many_attempts");
    expect((await call("/api/auth/password/forgot", { body: { email: "agent2@demo.test" } })).status).toBe(202);
    const token = await linkTo("agent2@demo.test", "reset-password");
    await call("/api/auth/password/reset", { body: { token, newPassword: "owner-is-back-1" } });
    expect((await from("198.51.100.7", "owner-is-back-1")).status).toBe(200);
  });
});
