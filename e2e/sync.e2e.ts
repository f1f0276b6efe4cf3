import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { BASE_URL, iccids, sharedBrowser, signIn } from "./browser";

const browser = sharedBrowser();

// A simulated network where every active line is in a session and uses data in every slot, and
// nothing fails, so one sync visibly changes a SIM.
const LIVELY = {
  homeMccMnc: "21407",
  activityRate: 1,
  sessionRate: 1,
  // Large enough that one slot's usage shows in whole megabytes.
  meanBytesPerSlot: 200_000_000,
  // Operations take a second, so a test sees Pending and then the result.
  operationDelaySeconds: 1,
  failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 },
};

async function inSession(page: Page): Promise<string> {
  return (await page.locator("dt", { hasText: "In session" }).locator("xpath=following-sibling::dd[1]/span[1]").innerText()).trim();
}

async function thisMonthMb(page: Page): Promise<number> {
  const text = await page.getByText("This month (MB)", { exact: true }).locator("xpath=following-sibling::div[1]").innerText();
  return Number(text.replace(/[^\d.]/g, ""));
}

async function cron(job: string): Promise<unknown> {
  const response = await fetch(`${BASE_URL}/api/cron/${job}`, {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.CRON_SECRET ?? ""}` },
  });
  assert.equal(response.status, 200);
  return response.json();
}

async function runSync(): Promise<void> {
  const body = (await cron("sync-operators")) as { operators: { operator: string; outcome: string }[] };
  assert.equal(body.operators.find((o) => o.operator === "Telefonica")?.outcome, "succeeded");
}

describe("operator sync", () => {
  it("refuses a cron call without the secret", async () => {
    const response = await fetch(`${BASE_URL}/api/cron/sync-operators`, { method: "POST" });
    assert.equal(response.status, 401);
  });

  it("shows a SIM's session and usage change after a sync, and the run on the operators page", async () => {
    const page = await signIn(browser(), "staff@example.com");
    await page.waitForURL(/\/sims/);
    await page.goto("/admin/operators");
    await page.getByRole("link", { name: "Telefonica" }).first().click();
    await page.waitForURL(/\/admin\/operators\/[0-9a-f-]{36}$/);
    const operatorId = page.url().split("/").at(-1) ?? "";
    await page.getByLabel("Settings (JSON object)").fill(JSON.stringify(LIVELY));
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: /saved/i }).waitFor();

    await page.goto(`/sims?operator=${operatorId}&status=active&session=no`);
    const [iccid] = await iccids(page);
    assert.ok(iccid, "an active Telefonica SIM that is not in a session");
    await page.goto(`/sims/${iccid}`);
    assert.equal(await inSession(page), "No");
    const before = await thisMonthMb(page);

    await runSync();

    await page.reload();
    assert.equal(await inSession(page), "Yes");
    const after = await thisMonthMb(page);
    assert.ok(after > before, `this month's usage grew (${before} MB -> ${after} MB)`);

    await page.goto(`/admin/operators/${operatorId}`);
    await page.getByText("Succeeded").first().waitFor();
    await page.context().close();
  });

  it("suspends and resumes a SIM at the operator, showing Pending meanwhile", async () => {
    const page = await signIn(browser(), "admin@acme.example");
    await page.waitForURL(/\/sims/);
    await page.goto("/sims?status=active");
    // Telefonica: the simulated network the test above made quick and faultless.
    await page.getByLabel("Operator").selectOption({ label: "Telefonica" });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/operator=/);
    const [iccid] = await iccids(page);
    assert.ok(iccid, "an active Acme SIM at Telefonica");
    await page.goto(`/sims/${iccid}`);
    const heading = page.locator("h1");

    for (const [button, done] of [
      ["Suspend", "Suspended"],
      ["Resume", "Active"],
    ] as const) {
      await page.getByRole("button", { name: button }).click();
      await heading.getByText("Pending", { exact: true }).waitFor();
      await page.getByText("Waiting for the operator").waitFor();
      // The operator takes a second; the job (also started right after the request) finishes it.
      for (let i = 0; i < 20 && !(await heading.getByText(done, { exact: true }).isVisible()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await cron("run-operations");
        await page.reload();
      }
      await heading.getByText(done, { exact: true }).waitFor();
    }
    // Both requests are in the SIM's changes and in the company's audit log.
    await page.reload();
    await page.getByTestId("audit-table").getByText("SIM suspend requested").waitFor();
    await page.goto(`/admin/audit?target=${iccid}`);
    const entries = page.getByTestId("audit-table");
    await entries.getByText("SIM resume requested").waitFor();
    await entries.getByText("SIM suspend requested").waitFor();
    await page.context().close();
  });
});
