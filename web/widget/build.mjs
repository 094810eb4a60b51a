// Rule G2: the webchat loader and widget app, bundled and minified into `outdir` (the web build puts
// them in dist/web/widget-assets/, which the Worker serves under /widget/<id>/). Budgets: loader
// 3 KB gzip, app 30 KB gzip (checked by scripts/widget-size.test.mjs).
import { join } from "node:path";
import { build } from "esbuild";

export const WIDGET_ENTRIES = { loader: "loader.ts", app: "app.ts" };

export async function buildWidget(outdir) {
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(WIDGET_ENTRIES).map(([name, file]) => [name, join(import.meta.dirname, file)]),
    ),
    outdir,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    logLevel: "warning",
  });
}
