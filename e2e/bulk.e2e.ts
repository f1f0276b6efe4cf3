import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { iccids, sharedBrowser, signIn } from "./browser";

const browser = sharedBrowser();

describe("bulk actions", () => {
  it("suspends the selected SIMs, shows the job's progress and results, and leaves the others alone", async () => {
    const page = await signIn(browser(), "admin@acme.example");
    await page.waitForURL(/\/sims/);
    await page.goto("/sims?status=active&sort=iccid");
    const [first, second, third] = await iccids(page);
    assert.ok(first && second && third, "three active Acme SIMs");
    await page.getByLabel(`Select SIM ${first}`).check();
    await page.getByLabel(`Select SIM ${second}`).check();
    const form = page.getByRole("form", { name: "Bulk action" });
    await form.getByLabel("Action").selectOption({ label: "Suspend at the operator" });
    await form.getByText("Selected (2)").waitFor();
    await form.getByRole("button", { name: "Run on 2 SIMs" }).click();

    await page.waitForURL(/\/sims\/bulk\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: /Suspend at the operator/ }).waitFor();
    // The job runs right after the request; the page refreshes itself until it is finished.
    await page.getByText("Finished", { exact: true }).waitFor({ timeout: 30_000 });
    assert.match(await page.getByRole("progressbar").getAttribute("aria-valuetext") ?? "", /^2 of 2 SIMs done/);
    await page.locator('[data-outcome="changed"]').getByText("2").waitFor();

    const csv = await page.request.get(`${page.url()}/results`);
    assert.equal(csv.status(), 200);
    const lines = (await csv.text()).trim().split(/\r\n/);
    assert.deepEqual(lines.slice(1).sort(), [`${first},changed,`, `${second},changed,`].sort());

    for (const iccid of [first, second]) {
      await page.goto(`/sims/${iccid}`);
      const status = (await page.locator("h1").innerText()).trim();
      assert.ok(/Pending|Suspended/.test(status), `${iccid} is being or has been suspended: ${status}`);
    }
    await page.goto(`/sims/${third}`);
    await page.locator("h1").getByText("Active", { exact: true }).waitFor();
    await page.context().close();
  });
});
