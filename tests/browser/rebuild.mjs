// Drives the `alga dev` host page in headless Chromium through a handler edit: the page says
// "rebuilding handler…" while the handler is rebuilt, reloads the iframe when the new one is
// live, and the iframe's next call is answered by the new handler.
// Usage: node rebuild.mjs http://127.0.0.1:PORT/ path/to/src/index.ts
import { readFileSync, writeFileSync } from "node:fs";
import { launch } from "./launch.mjs";

const [url, file] = process.argv.slice(2);
const { browser, fail } = await launch();
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status").textContent === "ready", null, { timeout: 30000 });
  // Every text the status shows from now on, in order.
  await page.evaluate(() => {
    const status = document.getElementById("status");
    window.statuses = [];
    new MutationObserver(() => window.statuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
  });
  let reloads = 0;
  page.on("framenavigated", (f) => {
    if (f !== page.mainFrame()) reloads++;
  });
  const source = readFileSync(file, "utf8");
  const edited = source.replace("items.push({ id: items.length + 1, text });", "items.push({ id: items.length + 1, text: text + \" (edited)\" });");
  if (edited === source) await fail("the handler's source does not have the line to edit");
  writeFileSync(file, edited);
  await page.waitForFunction(() => window.statuses.includes("rebuilding handler…"), null, { timeout: 120000 });
  await page.waitForFunction(
    () => window.statuses.includes("reloading…") && document.getElementById("status").textContent === "ready",
    null,
    { timeout: 180000 },
  );
  const frame = await (await page.$("#ext")).contentFrame();
  await frame.waitForSelector("#item-text", { timeout: 30000 });
  await frame.fill("#item-text", "after the edit");
  await frame.click("#add-item");
  await frame.waitForFunction(
    () => [...document.querySelectorAll("#items li")].some((li) => li.textContent.startsWith("after the edit")),
    null,
    { timeout: 30000 },
  );
  const items = await frame.evaluate(() => [...document.querySelectorAll("#items li")].map((li) => li.textContent));
  const statuses = await page.evaluate(() => window.statuses);
  console.log(JSON.stringify({ ok: true, statuses, reloads, items }));
  await browser.close();
} catch (e) {
  await fail(String(e && e.stack ? e.stack : e));
}
