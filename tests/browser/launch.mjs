// Headless Chromium for the driver scripts, and a way to fail with a message.
import { chromium } from "playwright-core";

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const fail = async (msg) => {
    console.error(msg);
    await browser.close();
    process.exit(1);
  };
  return { browser, fail };
}
