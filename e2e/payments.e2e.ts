import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { describe, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { BASE_URL, sharedBrowser, signIn } from "./browser";

// Card payments in sandbox mode (no Stripe keys: nothing here loads Stripe.js).
const browser = sharedBrowser();
const ARTIFACTS = "e2e/artifacts";

// A simulated network where every active line uses data in every slot and nothing fails, so one
// sync takes a prepaid SIM's data down by a few hundred MB.
const LIVELY = {
  homeMccMnc: "42507",
  activityRate: 1,
  sessionRate: 1,
  meanBytesPerSlot: 200_000_000,
  operationDelaySeconds: 1,
  failureRates: { timeout: 0, rateLimited: 0, server: 0, unknownSim: 0, operation: 0 },
};

async function cron(job: string): Promise<unknown> {
  const response = await fetch(`${BASE_URL}/api/cron/${job}`, { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET ?? ""}` } });
  assert.equal(response.status, 200);
  return response.json();
}

// The end user's SIM on a plan of `operator`, as /account shows it.
function simCard(page: Page, operator: string): Locator {
  return page.locator("section[aria-labelledby^='sim-']").filter({ hasText: `${operator} Prepaid` });
}

async function dataLeftMb(sim: Locator): Promise<number> {
  const text = await sim.locator("dt", { hasText: "Data left (MB)" }).locator("xpath=following-sibling::dd[1]").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

// Returns the operator's id.
async function makeLively(operator: string): Promise<string> {
  const page = await signIn(browser(), "staff@example.com");
  await page.waitForURL(/\/sims/);
  await page.goto("/admin/operators");
  await page.getByRole("link", { name: operator }).first().click();
  await page.waitForURL(/\/admin\/operators\/[0-9a-f-]{36}$/);
  await page.getByLabel("Settings (JSON object)").fill(JSON.stringify(LIVELY));
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByRole("status").filter({ hasText: /saved/i }).waitFor();
  const id = page.url().split("/").at(-1) ?? "";
  await page.context().close();
  return id;
}

describe("card payments (sandbox)", () => {
  it("refills at once, then after simulated usage crosses the auto-refill threshold the automatic refill is in the history", async () => {
    const page = await signIn(browser(), "user@example.com");
    await page.waitForURL(/\/sims/);
    await page.goto("/account");
    const sim = simCard(page, "HOT Mobile");
    const iccid = (await sim.locator("h3 a").innerText()).trim();
    const before = await dataLeftMb(sim);

    const refill = sim.getByRole("region", { name: `Refill now, SIM ${iccid}` });
    await refill.getByRole("button", { name: /^Pay / }).click();
    await refill.getByRole("status").filter({ hasText: /^Refilled/ }).waitFor();
    const refilled = await dataLeftMb(sim);
    assert.ok(refilled >= before + 1000, `data left rose at once (${before} MB -> ${refilled} MB)`);

    // Auto-refill below the data left now: the next usage crosses the threshold.
    const auto = sim.getByRole("region", { name: `Auto-refill, SIM ${iccid}` });
    await auto.getByRole("switch", { name: "Auto-refill" }).check();
    await auto.getByLabel("Refill below (MB)").fill(String(refilled));
    await auto.getByText(/^I authorise SIM Portal to charge my card/).waitFor();
    await auto.getByRole("button", { name: "Agree and save auto-refill" }).click();
    await auto.getByRole("status").filter({ hasText: "Auto-refill is on." }).waitFor();

    const operatorId = await makeLively("HOT Mobile");
    // The sync (of this operator only: the other tests' operators keep their own sync windows)
    // ingests the usage and runs auto-refill right after it.
    const summary = (await cron(`sync-operators?operator=${operatorId}`)) as { autoRefill: { charged: number; succeeded: number } };
    assert.ok(summary.autoRefill.succeeded >= 1, `an automatic refill was charged (${JSON.stringify(summary.autoRefill)})`);

    await page.goto("/account");
    const history = page.getByRole("region", { name: "Payments" });
    await history.getByRole("link", { name: new RegExp(`^Receipt: Auto-refill .* for SIM ${iccid}`) }).first().waitFor();
    await history.getByRole("link", { name: new RegExp(`^Receipt: Refill .* for SIM ${iccid}`) }).first().waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/payments-account.png`, fullPage: true });
    await page.context().close();
  });

  it("saves a test card in the sandbox form; a declined refill says why and adds nothing, and another card then pays", async () => {
    const page = await signIn(browser(), "user@example.com");
    await page.waitForURL(/\/sims/);
    await page.goto("/account");
    await page.getByRole("button", { name: "Add a card" }).click();
    const form = page.getByRole("form", { name: "Card details" });
    await form.getByText("Sandbox: no real money").waitFor();
    await form.getByLabel("Card number").fill("4000 0000 0000 9995");
    await form.getByLabel("Expiry (MM/YY)").fill("12/39");
    await form.getByLabel("CVC").fill("123");
    await form.getByRole("button", { name: "Save card" }).click();
    await page.getByRole("list", { name: "Saved cards" }).getByText(/•••• 9995/).first().waitFor();

    const sim = simCard(page, "Vodafone UK");
    const iccid = (await sim.locator("h3 a").innerText()).trim();
    const before = await dataLeftMb(sim);
    const refill = sim.getByRole("region", { name: `Refill now, SIM ${iccid}` });
    const card = refill.getByLabel("Card", { exact: true });
    await card.selectOption({ label: (await card.locator("option", { hasText: "9995" }).innerText()).trim() });
    await refill.getByRole("button", { name: /^Pay / }).click();
    await refill.getByRole("alert").filter({ hasText: "insufficient funds" }).waitFor();
    assert.equal(await dataLeftMb(sim), before, "nothing was added");
    // Another card on the same form is a new payment, not the declined one again.
    await card.selectOption({ label: (await card.locator("option", { hasText: "4242" }).first().innerText()).trim() });
    await refill.getByRole("button", { name: /^Pay / }).click();
    await refill.getByRole("status").filter({ hasText: /^Refilled/ }).waitFor();
    assert.ok((await dataLeftMb(sim)) > before, "the second card paid for the refill");
    await page.context().close();
  });
});
