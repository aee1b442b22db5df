// Drives the `alga dev` host page in headless Chromium: types an item into the ui-gallery
// extension's iframe, clicks Add, and waits for the handler's answer to come back through
// `apiproxy`. Then switches the host theme and checks the iframe received it.
// Usage: node gallery.mjs http://127.0.0.1:PORT/ [screenshot.png]
import { launch } from "./launch.mjs";

const [url, shot] = process.argv.slice(2);
const { browser, fail } = await launch();
try {
  const page = await browser.newPage();
  const consoleLines = [];
  page.on("console", (m) => consoleLines.push(m.text()));
  await page.goto(url);
  await page.waitForSelector("#ext");
  const frameEl = await page.$("#ext");
  const frame = await frameEl.contentFrame();
  await frame.waitForSelector("#item-text", { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById("status").textContent === "ready", null, { timeout: 30000 });
  await frame.fill("#item-text", "from the browser");
  await frame.click("#add-item");
  await frame.waitForFunction(
    () => [...document.querySelectorAll("#items li")].some((li) => li.textContent === "from the browser"),
    null,
    { timeout: 30000 },
  );
  const before = await frame.evaluate(() => document.querySelector("main").className);
  await page.click("#theme-toggle");
  await frame.waitForFunction(() => document.querySelector("main").className === "dark", null, { timeout: 10000 });
  const bg = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--alga-bg").trim());
  const height = await page.evaluate(() => document.getElementById("ext").style.height);
  const logs = await page.evaluate(() => [...document.querySelectorAll("#log li")].map((li) => li.textContent));
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  const pageOrigin = await page.evaluate(() => location.origin);
  const frameOrigin = await frame.evaluate(() => location.origin);
  // The same UI from another origin (localhost instead of 127.0.0.1): its `ready` must be
  // ignored by the bridge, which answers only its iframe at the UI's own origin.
  // Wait for the frame's own navigation, not the old document still in place.
  const navigated = page.waitForEvent("framenavigated", {
    predicate: (f) => f.url().startsWith("http://localhost:"),
    timeout: 30000,
  });
  await page.evaluate(() => {
    const status = document.getElementById("status");
    status.textContent = "probe";
    const el = document.getElementById("ext");
    const u = new URL(el.src);
    u.hostname = "localhost";
    el.src = u.toString();
  });
  const moved = await navigated;
  await moved.waitForSelector("#item-text", { timeout: 30000 });
  const movedOrigin = await moved.evaluate(() => location.origin);
  await page.waitForTimeout(1500);
  const statusAfterForeignReady = await page.evaluate(() => document.getElementById("status").textContent);
  console.log(JSON.stringify({ ok: true, themeBefore: before, bg, height, logs, pageOrigin, frameOrigin, movedOrigin, statusAfterForeignReady }));
  await browser.close();
} catch (e) {
  await fail(String(e && e.stack ? e.stack : e));
}
