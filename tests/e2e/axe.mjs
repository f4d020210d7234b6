// Runs axe-core (npm devDependency, never served) in a page: the script is evaluated through
// the DevTools protocol, which the page's CSP does not govern, so nothing is added to the site.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's results for the whole page: WCAG 2.1 A and AA plus best practices. */
export default async function axe(page) {
  await page.evaluate(source);
  return page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  }));
}
