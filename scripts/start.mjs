// `npm start`: build the web app, migrate the local database, run the Worker on
// http://127.0.0.1:8787 with the demo tenant seeded, until Ctrl-C.
import {
  applyMigrations,
  assertPortFree,
  buildWeb,
  requireNode22,
  seed,
  startServer,
  stopServer,
  waitForServer,
} from "./dev-server.mjs";

const PORT = 8787;
const INSPECTOR_PORT = 9229;
const PERSIST_TO = process.env.PERSIST_TO ?? ".wrangler/state";

try {
  requireNode22();
  await assertPortFree(PORT);
  await assertPortFree(INSPECTOR_PORT);
  console.log("Building the web app…");
  await buildWeb();
  console.log(`Applying D1 migrations (local, ${PERSIST_TO})…`);
  await applyMigrations(PERSIST_TO);
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const server = startServer({ port: PORT, inspectorPort: INSPECTOR_PORT, persistTo: PERSIST_TO });
let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the server…`);
  await stopServer(server);
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
server.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`wrangler dev stopped on its own (${signal ?? `exit code ${code}`}).`);
  process.exit(code || 1);
});

try {
  await waitForServer(server);
  const demo = await seed(server.url);
  console.log(`
Edge Inbox is running at ${server.url}/
  Customer simulator (play a customer on WhatsApp): ${server.url}/sandbox/
  Webchat widget on a page of another origin (a visitor): ${server.url.replace("127.0.0.1", "localhost")}/sandbox/webchat
  API description: ${server.url}/api/docs  (OpenAPI: ${server.url}/api/openapi.json)
  Mail sent while developing: ${server.url}/api/dev/outbox

Demo organization "${demo.organization}", every account with the password ${demo.password}:
${demo.users.map((email) => `  ${email}`).join("\n")}

Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : error}`);
  await stopServer(server);
  process.exit(1);
}
