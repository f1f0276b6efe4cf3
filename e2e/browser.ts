import { after, before } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
export const DEMO_PASSWORD = "portal-demo";

// Debian's Chromium; never a downloaded browser. The flags keep it off the (closed) network.
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("browser not started");
    return browser;
  };
}

export async function signIn(browser: Browser, email: string, password = DEMO_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
  return page;
}

// The text of one column of the SIMs table, by its header.
export async function columnValues(page: Page, header: string): Promise<string[]> {
  const table = page.getByTestId("sims-table");
  const headers = await table.locator("thead th").allInnerTexts();
  const index = headers.findIndex((h) => h.replace(/[↑↓]/g, "").trim() === header);
  if (index < 0) throw new Error(`no column ${header} in ${headers.join(" | ")}`);
  return table.locator(`tbody tr td:nth-child(${index + 1})`).allInnerTexts();
}

// ICCIDs of the rows on the page (the cell also holds the eSIM badge).
export async function iccids(page: Page): Promise<string[]> {
  return (await columnValues(page, "ICCID")).map((text) => {
    const match = /\d{18,22}/.exec(text);
    if (!match) throw new Error(`no ICCID in ${text}`);
    return match[0];
  });
}

// RFC 4180 parsing, enough to read the portal's own CSV export.
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === "," || c === "\n") {
      row.push(field);
      field = "";
      if (c === "\n") {
        rows.push(row);
        row = [];
      }
    } else if (c !== "\r") {
      field += c;
    }
  }
  return rows;
}
