// Renders www/icons/icon.svg to the PNG icons of the web app manifest (192, 512, and a maskable
// 512 with the safe-zone padding) in headless Chromium. Run by hand after changing the SVG:
//   node scripts/icons.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const dir = fileURLToPath(new URL("../www/icons/", import.meta.url));
const svg = readFileSync(`${dir}icon.svg`, "utf8");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [name, size, pad] of [["icon-192.png", 192, 0], ["icon-512.png", 512, 0], ["icon-maskable-512.png", 512, 0.1]]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const inner = Math.round(size * (1 - 2 * pad));
  await page.setContent(`<body style="margin:0;background:${pad ? "#0f2d4d" : "transparent"};display:grid;place-items:center;height:${size}px">` +
    `<img style="width:${inner}px;height:${inner}px" src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}"></body>`);
  await page.screenshot({ path: `${dir}${name}`, omitBackground: pad === 0 });
  await page.close();
}
await browser.close();
