// Creates an organization and its first admin in a D1 database (for a fresh deployment).
// Usage: npm run create-organization -- --name "Acme" --email boss@acme.com --admin-name "Boss" [--env production] [--local]
// The password is read from the ADMIN_PASSWORD environment variable, so it never lands in shell history.
import { spawnSync } from "node:child_process";
import { webcrypto as crypto } from "node:crypto";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    email: { type: "string" },
    "admin-name": { type: "string" },
    "time-zone": { type: "string", default: "Asia/Jakarta" },
    env: { type: "string" },
    local: { type: "boolean", default: false },
  },
});
const password = process.env.ADMIN_PASSWORD ?? "";
if (!values.name || !values.email || !values["admin-name"] || password.length < 10) {
  console.error(
    'Usage: ADMIN_PASSWORD=... npm run create-organization -- --name "Acme" --email a@b.c --admin-name "Boss"',
  );
  console.error("ADMIN_PASSWORD must have at least 10 characters.");
  process.exit(2);
}

// Same format as worker/lib/crypto.ts: pbkdf2-sha256$<iterations>$<salt>$<hash>, base64url.
const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
const salt = crypto.getRandomValues(new Uint8Array(16));
const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 100_000 }, key, 256);
const hash = `pbkdf2-sha256$100000$${b64url(salt)}$${b64url(new Uint8Array(bits))}`;

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const orgId = crypto.randomUUID();
const identityId = crypto.randomUUID();
const email = values.email.trim().toLowerCase();
const sql = [
  `INSERT INTO organizations (id, name, time_zone) VALUES (${q(orgId)}, ${q(values.name)}, ${q(values["time-zone"])});`,
  // The operator chooses the first admin's password for their own address: it counts as verified (rule A1).
  `INSERT INTO identities (id, email, name, password_hash, updated_at, email_verified_at) VALUES (${q(identityId)}, ${q(email)}, ${q(values["admin-name"])}, ${q(hash)}, ${Date.now()}, ${Date.now()}) ON CONFLICT(email) DO NOTHING;`,
  `INSERT INTO memberships (organization_id, identity_id, role) SELECT ${q(orgId)}, id, 'admin' FROM identities WHERE email = ${q(email)};`,
].join("\n");

const args = ["wrangler", "d1", "execute", "DB", "--command", sql, values.local ? "--local" : "--remote"];
if (values.env) args.push("--env", values.env);
const result = spawnSync("npx", args, { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
if (result.status === 0) console.log(`Organization "${values.name}" created; ${email} is its admin.`);
process.exit(result.status ?? 1);
