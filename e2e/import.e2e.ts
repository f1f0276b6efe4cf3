import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sampleIccid } from "@/lib/sims/import/sample";
import { iccids, sharedBrowser, signIn } from "./browser";

const browser = sharedBrowser();

describe("SIM import", () => {
  it("reports broken rows by line, then imports only the valid ones as Pending", async () => {
    // Issuer digits no seed uses, and a per-run offset, so reruns on one database do not collide.
    const base = Date.now() % 1_000_000;
    const good = [sampleIccid(base, "8944997"), sampleIccid(base + 1, "8944997")];
    const unknownOperatorRow = sampleIccid(base + 2, "8944997");
    const badLuhn = `${good[0]?.slice(0, -1)}${(Number(good[0]?.at(-1)) + 1) % 10}`;
    const csv = [
      "iccid,operator,form_factor,msisdn",
      `${good[0]},Telefonica,physical,34600111222`,
      `${badLuhn},Telefonica,physical,34600111223`,
      `${unknownOperatorRow},Nobody Mobile,physical,34600111224`,
      `${good[1]},Telefonica,physical,34600111225`,
    ].join("\n");

    const page = await signIn(browser(), "staff@example.com");
    await page.waitForURL(/\/sims/);
    await page.goto("/admin/sims/import");
    await page.locator("#file").setInputFiles({ name: "sims.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check file" }).click();
    const errors = page.getByRole("table");
    await errors.getByText("ICCID check digit is wrong (Luhn)").waitFor();
    await errors.getByText('Unknown operator "Nobody Mobile"').waitFor();
    assert.equal(await page.getByRole("button", { name: /Import all/ }).isDisabled(), true);

    await page.getByRole("button", { name: "Import the 2 valid rows" }).click();
    await page.getByText("Imported 2 SIMs.").waitFor();
    await page.goto(`/sims?status=pending&q=${good[0]}`);
    assert.deepEqual(await iccids(page), [good[0]]);
    await page.context().close();
  });
});
