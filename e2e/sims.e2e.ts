import assert from "node:assert/strict";
import { describe, it } from "node:test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { columnValues, iccids, parseCsv, signIn, sharedBrowser } from "./browser";

const browser = sharedBrowser();

describe("sign-in", () => {
  it("refuses a wrong password with one generic message", async () => {
    const page = await signIn(browser(), "admin@acme.example", "wrong-password");
    await page.getByText("Invalid email or password.").waitFor();
    assert.match(page.url(), /\/login/);
    await page.context().close();
  });

  it("signs out", async () => {
    const page = await signIn(browser(), "user@example.com");
    await page.waitForURL(/\/sims/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto("/sims");
    await page.waitForURL(/\/login/);
    await page.context().close();
  });
});

describe("SIMs list per role", () => {
  it("shows staff every company, with a company filter", async () => {
    const page = await signIn(browser(), "staff@example.com");
    await page.waitForURL(/\/sims/);
    await page.getByLabel("Company").selectOption({ label: "Globex" });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/company=/);
    const companies = new Set(await columnValues(page, "Company"));
    assert.deepEqual([...companies], ["Globex"]);
    await page.context().close();
  });

  it("shows a company admin only their company's SIMs and filters by status", async () => {
    const page = await signIn(browser(), "admin@acme.example");
    await page.waitForURL(/\/sims/);
    assert.equal(await page.getByLabel("Company").count(), 0, "company admins get no company filter");
    assert.deepEqual([...new Set(await columnValues(page, "Company"))], ["Acme"]);
    await page.locator('nav[aria-label="SIMs by status"] a[data-status="active"]').click();
    await page.waitForURL(/status=active/);
    assert.deepEqual([...new Set(await columnValues(page, "Status"))], ["Active"]);
    await page.context().close();
  });

  it("shows an end user only their own SIMs", async () => {
    const page = await signIn(browser(), "user@example.com");
    await page.waitForURL(/\/sims/);
    const emails = await columnValues(page, "End user");
    assert.ok(emails.length >= 3, `expected several SIMs, got ${emails.length}`);
    assert.deepEqual([...new Set(emails)], ["user@example.com"]);
    await page.context().close();
  });

  it("answers 404 to each role for a SIM outside its scope, which staff can open", async () => {
    const staff = await signIn(browser(), "staff@example.com");
    await staff.waitForURL(/\/sims/);
    const firstIccid = async (path: string, skipEndUser?: string) => {
      await staff.goto(path);
      const all = await iccids(staff);
      const users = await columnValues(staff, "End user");
      const found = all.find((_, i) => users[i] !== skipEndUser);
      assert.ok(found, `a SIM at ${path}`);
      return found;
    };
    const globexId = await staff.getByLabel("Company").locator("option", { hasText: "Globex" }).getAttribute("value");
    const acmeId = await staff.getByLabel("Company").locator("option", { hasText: "Acme" }).getAttribute("value");
    const globexSim = await firstIccid(`/sims?company=${globexId}`);
    const acmeSim = await firstIccid(`/sims?company=${acmeId}`, "user@example.com");
    for (const iccid of [globexSim, acmeSim]) assert.equal((await staff.goto(`/sims/${iccid}`))?.status(), 200, "staff may open it");
    await staff.context().close();

    const foreign: [string, string][] = [
      ["admin@acme.example", globexSim],
      ["admin@globex.example", acmeSim],
      ["user@example.com", acmeSim],
    ];
    for (const [email, iccid] of foreign) {
      const page = await signIn(browser(), email);
      await page.waitForURL(/\/sims/);
      assert.equal((await page.goto(`/sims/${iccid}`))?.status(), 404, `${email} opening ${iccid}`);
      const csv = await page.request.get(`/sims/export?company=${globexId}&q=${iccid}`);
      assert.equal(parseCsv(await csv.text()).length, 1, `${email} exports no foreign SIM, only the header`);
      await page.context().close();
    }
  });
});

describe("CSV export", () => {
  it("exports every SIM the filter matches, within the viewer's scope", async () => {
    const page = await signIn(browser(), "admin@acme.example");
    await page.waitForURL(/\/sims/);
    const total = Number(await page.locator('nav[aria-label="SIMs by status"] a[data-status="all"] span').innerText());
    assert.ok(total > 50, "more SIMs than one page");
    const response = await page.request.get("/sims/export");
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-type"] ?? "", /text\/csv/);
    const [header = [], ...rows] = parseCsv(await response.text());
    assert.equal(rows.length, total);
    const company = header.indexOf("company");
    assert.deepEqual([...new Set(rows.map((r) => r[company]))], ["Acme"]);
    await page.context().close();
  });

  it("refuses an anonymous export", async () => {
    const page = await (await browser().newContext({ baseURL: process.env.BASE_URL })).newPage();
    const response = await page.request.get("/sims/export", { maxRedirects: 0 });
    assert.ok([401, 302, 307].includes(response.status()), `status ${response.status()}`);
    await page.context().close();
  });
});

describe("SIM detail", () => {
  it("shows an eSIM's QR code, which decodes to its activation code", async () => {
    const page = await signIn(browser(), "admin@acme.example");
    await page.waitForURL(/\/sims/);
    await page.goto("/sims?form=esim&status=active");
    const [iccid] = await iccids(page);
    assert.ok(iccid);
    await page.getByRole("link", { name: iccid, exact: true }).click();
    await page.waitForURL(new RegExp(`/sims/${iccid}`));

    const qr = page.getByTestId("esim-qr");
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.ok(decoded, "the QR code decodes");
    assert.match(decoded.data, /^LPA:1\$[^$]+\$[^$]*/);
    // The page shows the same code's parts as text for manual installation.
    const [, smdp, matchingId] = decoded.data.split("$");
    assert.ok(smdp && (await page.getByText(smdp, { exact: true }).count()) > 0, "SM-DP+ address shown as text");
    assert.ok(matchingId !== undefined && (await page.getByText(matchingId, { exact: true }).count()) > 0, "matching ID shown as text");
    await page.context().close();
  });
});
