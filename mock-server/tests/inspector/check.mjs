// The inspector page in a real browser (Debian's headless Chromium, driven
// by puppeteer-core): it lists the seeded connections, a request sent from
// outside appears in the journal within a second, reset takes the table back
// to the fixtures, and it lays out on a narrow and a wide window, in light
// and dark mode. Screenshots go to OUT_DIR.
// Usage: node check.mjs MODULES_DIR BASE_URL SECRET_KEY CHROMIUM OUT_DIR
import { createRequire } from "node:module";
import path from "node:path";

const [modules, base, key, chromium, out] = process.argv.slice(2);
const require = createRequire(path.join(modules, "package.json"));
const puppeteer = require("puppeteer-core");
let failures = 0;
function check(name, ok, detail) {
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok || !detail ? "" : ": " + detail}`);
  if (!ok) failures++;
}
async function api(method, p, body) {
  const r = await fetch(base + p, { method, headers: { Authorization: "Bearer " + key,
    ...(body ? { "Content-Type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return r.status;
}
const rows = (page) => page.$$eval("#conns tr", (trs) => trs.map((t) => t.dataset.connection));

const browser = await puppeteer.launch({ executablePath: chromium, headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(base + "/__admin/ui", { waitUntil: "load" });
  check("page_asks_for_the_secret_key", await page.$eval("#login", (e) => !e.hidden));
  await page.type("#key", key);
  await page.click("#keyform button");
  await page.waitForFunction(() => document.querySelectorAll("#conns tr").length > 0, { timeout: 5000 });
  const seeded = await rows(page);
  check("page_lists_the_seeded_connections", seeded.includes("octocat") && seeded.includes("acme"),
        JSON.stringify(seeded));
  check("page_lists_the_integrations", (await page.$$("#integs tr")).length === 3);

  const sent = Date.now();
  await api("GET", "/connection?limit=7");
  await page.waitForFunction(() => [...document.querySelectorAll("#reqs code")]
    .some((c) => c.textContent === "GET /connection?limit=7"), { timeout: 3000 }).catch(() => {});
  const seen = await page.$$eval("#reqs code", (cs) => cs.some((c) => c.textContent === "GET /connection?limit=7"));
  check("a_request_appears_in_the_journal_within_a_second", seen && Date.now() - sent < 1000,
        `seen ${seen} after ${Date.now() - sent} ms`);
  await page.click("#reqs details summary");
  check("a_journal_row_expands_to_the_response_body",
        (await page.$eval("#reqs details", (d) => d.textContent)).includes("\"connections\""));

  await api("POST", "/connections", { provider_config_key: "bearer", connection_id: "ui1",
    credentials: { type: "API_KEY", apiKey: "k" } });
  await page.waitForFunction(() => [...document.querySelectorAll("#conns tr")].some((t) => t.dataset.connection === "ui1"),
    { timeout: 3000 }).catch(() => {});
  check("a_new_connection_shows_up", (await rows(page)).includes("ui1"));
  check("credentials_are_masked_until_revealed",
        !(await page.$eval("#conns", (t) => t.textContent)).includes("\"apiKey\""));
  await page.screenshot({ path: path.join(out, "inspector-wide.png"), fullPage: true });

  await page.click("#reset");
  await page.waitForFunction(() => ![...document.querySelectorAll("#conns tr")].some((t) => t.dataset.connection === "ui1"),
    { timeout: 3000 }).catch(() => {});
  const after = await rows(page);
  check("reset_takes_the_table_back_to_the_fixtures", !after.includes("ui1") && after.length === seeded.length,
        JSON.stringify(after));

  await page.setViewport({ width: 390, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("narrow_window_has_no_page_wide_horizontal_scroll", overflow <= 1, `${overflow}px too wide`);
  await page.screenshot({ path: path.join(out, "inspector-narrow.png") });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check("dark_mode_changes_the_colours", light !== dark, `${light} / ${dark}`);
  await page.setViewport({ width: 1400, height: 900 });
  await page.screenshot({ path: path.join(out, "inspector-dark.png"), fullPage: true });
} finally {
  await browser.close();
}
console.log(`inspector: ${failures} failures`);
process.exit(failures ? 1 : 0);
