import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import type { Locator } from "playwright-core";
import { parseCsv, sharedBrowser, signIn } from "./browser";

const browser = sharedBrowser();
const ARTIFACTS = "e2e/artifacts";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// An amount as shown ("€1,234.56", "-€0.12", "exactly €0.12345678"), as an integer count of
// 10^-scale units, so sums are exact. With "exactly", the exact figure is the one that counts.
function amountUnits(text: string, scale: number): bigint {
  const exact = /exactly\s+(\S+)/.exec(text);
  const figure = (exact?.[1] ?? text).replace(/[^\d.-]/g, "");
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(figure);
  if (!match) throw new Error(`not an amount: ${text}`);
  const [, sign = "", whole = "0", fraction = ""] = match;
  if (fraction.length > scale) throw new Error(`more than ${scale} decimals: ${text}`);
  const units = BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, "0") || "0");
  return sign === "-" ? -units : units;
}

// Last month in the company's time zone (Acme: Europe/London), as "YYYY-MM" and its label.
function lastMonth(timeZone: string): { month: string; label: string } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(new Date());
  const year = Number(parts.find((p) => p.type === "year")?.value);
  const month = Number(parts.find((p) => p.type === "month")?.value);
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  return { month: `${y}-${String(m).padStart(2, "0")}`, label: `${MONTHS[m - 1]} ${y}` };
}

async function texts(cells: Locator): Promise<string[]> {
  return (await cells.allInnerTexts()).map((t) => t.trim());
}

describe("billing pages", () => {
  it("shows a company admin their newest invoice with its lines, total and CSV", async () => {
    const page = await signIn(browser(), "admin@acme.example");
    await page.waitForURL(/\/sims/);
    await page.goto("/invoices");
    const list = page.getByRole("region", { name: "Invoices" });
    // Newest first; a credit note another test may have issued is not what this test opens.
    const newest = list.locator("tbody tr").filter({ hasNotText: "Credit note" }).first().getByRole("link").first();
    const number = (await newest.innerText()).trim();
    assert.match(number, /^INV-\d{4}-\d{6}$/);
    await newest.click();
    await page.waitForURL(new RegExp(`/invoices/${UUID}$`));
    await page.getByRole("heading", { level: 1, name: `Invoice ${number}` }).waitFor();

    const table = page.getByRole("region", { name: "Invoice lines" });
    const lines = table.locator("tbody tr:not(:has(th))");
    assert.ok((await lines.count()) > 0, "the invoice has lines");
    assert.match(await lines.first().locator("td").first().innerText(), /^\d{18,22}$/, "a line names its SIM");
    const amounts = await texts(lines.locator("td:last-child"));
    const total = (await table.locator("tbody tr:has(th)").locator("td").last().innerText()).trim();
    assert.match(total, /\d/);
    // The total shown is the sum of the lines shown (every line is on the page for a demo invoice).
    assert.equal(amounts.reduce((sum, a) => sum + amountUnits(a, 2), 0n), amountUnits(total, 2));
    await page.getByText(total, { exact: true }).first().waitFor();

    const csvHref = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    assert.ok(csvHref, "a CSV link");
    const csv = await page.request.get(csvHref);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()["content-type"] ?? "", /text\/csv/);
    const [header = [], ...rows] = parseCsv(await csv.text());
    assert.equal(rows.length, amounts.length + 1, "a row per line and a total row");
    const col = (name: string) => header.indexOf(name);
    assert.deepEqual([...new Set(rows.map((r) => r[col("number")]))], [number]);
    assert.equal(rows.at(-1)?.[col("line")], "total");
    assert.equal(amountUnits(rows.at(-1)?.[col("amount")] ?? "", 2), amountUnits(total, 2));

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/billing-invoice.png`, fullPage: true });
    await page.context().close();
  });

  it("shows a company admin last month's PAYGO statement, line by line, adding up to its total", async () => {
    const page = await signIn(browser(), "admin@acme.example");
    await page.waitForURL(/\/sims/);
    await page.goto("/wallet");
    await page.getByRole("link", { name: "View Acme EUR wallet" }).click();
    await page.waitForURL(new RegExp(`/wallet/${UUID}$`));
    await page.getByRole("heading", { level: 1, name: "EUR wallet" }).waitFor();
    const walletUrl = new URL(page.url()).pathname;

    const { month, label } = lastMonth("Europe/London");
    await page.getByRole("link", { name: label, exact: true }).click();
    await page.waitForURL(new RegExp(`${walletUrl}/statements/${month}$`));
    await page.getByRole("heading", { level: 1, name: `Wallet statement, ${label}` }).waitFor();

    const table = page.getByRole("region", { name: "Usage lines" });
    const lines = table.locator("tbody tr:not(:has(th))");
    const count = await lines.count();
    assert.ok(count >= 3, `several SIM x country lines, got ${count}`);
    const keys = new Set<string>();
    for (let i = 0; i < count; i++) {
      const cells = await texts(lines.nth(i).locator("td"));
      const iccid = cells[0] ?? "";
      assert.match(iccid, /^\d{18,22}$/, `line ${i + 1} names its SIM`);
      keys.add(`${iccid}|${cells[1] ?? ""}|${cells[3] ?? ""}`);
      assert.notEqual(amountUnits(cells.at(-1) ?? "", 8), 0n, `line ${i + 1} has a charge`);
    }
    assert.equal(keys.size, count, "one line per SIM, country and rate");
    assert.ok((await table.getByText("Unknown network").count()) > 0, "usage on a network of no known country is charged too");

    const charges = await texts(lines.locator("td:last-child"));
    const total = (await table.locator("tbody tr:has(th)").locator("td").last().innerText()).trim();
    assert.equal(charges.reduce((sum, c) => sum + amountUnits(c, 8), 0n), amountUnits(total, 8), "the total is the sum of the lines");
    const csv = await page.request.get(`${walletUrl}/statements/${month}/csv`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()["content-type"] ?? "", /text\/csv/);
    assert.ok(parseCsv(await csv.text()).length > count, "the CSV has a row per line");

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/billing-paygo-statement.png`, fullPage: true });
    await page.context().close();

    const foreign = await signIn(browser(), "admin@globex.example");
    await foreign.waitForURL(/\/sims/);
    assert.equal((await foreign.goto(walletUrl))?.status(), 404, "Globex opening Acme's wallet");
    assert.equal((await foreign.goto(`${walletUrl}/statements/${month}`))?.status(), 404, "Globex opening Acme's statement");
    assert.equal((await foreign.request.get(`${walletUrl}/statements/${month}/csv`)).status(), 404, "Globex downloading Acme's statement");
    await foreign.context().close();
  });
});
