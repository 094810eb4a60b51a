import preact from "@preact/preset-vite";
import { defineConfig, type ProxyOptions } from "vite";

/** `vite` on its own (hot reload) sends the API, its WebSockets and the sandbox to a running `npm start`. */
const WORKER = "http://127.0.0.1:8787";

// The Worker refuses cookie writes and cookie WebSockets from another origin (CSRF, CSWSH): to it,
// requests through this proxy come from its own origin.
const toWorker: ProxyOptions = { target: WORKER, changeOrigin: true, ws: true, headers: { origin: WORKER } };

// The web app lives in web/ and is built into dist/web, which wrangler serves as static assets.
export default defineConfig({
  root: "web",
  plugins: [preact()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: { "/api": toWorker, "/sandbox": toWorker, "/webhooks": toWorker },
  },
});
