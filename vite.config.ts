import preact from "@preact/preset-vite";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";
// @ts-expect-error a plain ES module of the build, without types
import { buildWidget } from "./web/widget/build.mjs";

/** `vite` on its own (hot reload) sends the API, its WebSockets and the sandbox to a running `npm start`. */
const WORKER = "http://127.0.0.1:8787";

// The Worker refuses cookie writes and cookie WebSockets from another origin (CSRF, CSWSH): to it,
// requests through this proxy come from its own origin.
const toWorker: ProxyOptions = { target: WORKER, changeOrigin: true, ws: true, headers: { origin: WORKER } };

/** Rule G2: the webchat loader and app are built beside the web app (dist/web/widget-assets/). */
const webchatWidget = (): Plugin => ({
  name: "webchat-widget",
  apply: "build",
  async closeBundle() {
    await buildWidget("dist/web/widget-assets");
  },
});

// The web app lives in web/ and is built into dist/web, which wrangler serves as static assets.
export default defineConfig({
  root: "web",
  plugins: [preact(), webchatWidget()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: { "/api": toWorker, "/sandbox": toWorker, "/webhooks": toWorker },
  },
});
