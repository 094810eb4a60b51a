import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

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
    // `vite` on its own (hot reload) sends the API to a running `npm start`.
    proxy: { "/api": "http://127.0.0.1:8787" },
  },
});
