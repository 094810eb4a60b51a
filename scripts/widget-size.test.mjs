// Rule G2 (issue 16): the webchat loader a site loads on every page stays under 3 KB gzip, the widget
// app under 30 KB gzip. Built here from the sources exactly as the web build does, then gzipped.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { buildWidget } from "../web/widget/build.mjs";

const BUDGETS = { "loader.js": 3 * 1024, "app.js": 30 * 1024 };

test("the webchat loader is at most 3 KB and the widget app at most 30 KB, gzipped", async () => {
  const out = mkdtempSync(join(tmpdir(), "widget-"));
  try {
    await buildWidget(out);
    for (const [file, budget] of Object.entries(BUDGETS)) {
      const bytes = readFileSync(join(out, file));
      const gzipped = gzipSync(bytes, { level: 9 }).length;
      assert.ok(bytes.length > 500, `${file} was built (${bytes.length} bytes)`);
      assert.ok(gzipped <= budget, `${file} is ${gzipped} bytes gzipped, over its budget of ${budget}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
