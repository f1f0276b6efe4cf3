import { COMPANIES, FIRST_NAMES, LAST_NAMES, NOTES, LABELS, RULES, type CompanyName } from "./catalog";
import type { LivedSim } from "./demo-history";
import { Rng } from "./random";

export const DEMO_PASSWORD = "portal-demo";
export const DEMO_END_USER = "user@example.com";

export type SeedUser = {
  email: string;
  name: string;
  role: "staff" | "company_admin" | "end_user";
  company: CompanyName | null;
  active: boolean;
};

export const DEMO_ACCOUNTS: readonly SeedUser[] = [
  { email: "staff@example.com", name: "Sam Staff", role: "staff", company: null, active: true },
  { email: "admin@acme.example", name: "Alex Acme", role: "company_admin", company: "Acme", active: true },
  { email: "admin@globex.example", name: "Gina Globex", role: "company_admin", company: "Globex", active: true },
  { email: DEMO_END_USER, name: "Una User", role: "end_user", company: "Acme", active: true },
];

// Shown so the product can demonstrate that a deactivated account cannot sign in.
export const FORMER_ADMIN: SeedUser = { email: "former.admin@acme.example", name: "Fred Former", role: "company_admin", company: "Acme", active: false };

const END_USERS_PER_COMPANY: Record<CompanyName, number> = { Acme: 24, Globex: 20 };

function titleCase(s: string): string {
  return s.split(".").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
}

export function demoEndUsers(): SeedUser[] {
  const users: SeedUser[] = [];
  for (const company of COMPANIES) {
    const rng = Rng.of("end-users", company.name);
    const seen = new Set<string>();
    while (seen.size < END_USERS_PER_COMPANY[company.name]) {
      const local = `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
      if (seen.has(local)) continue;
      seen.add(local);
      users.push({ email: `${local}@${company.domain}`, name: titleCase(local), role: "end_user", company: company.name, active: true });
    }
  }
  return users;
}

export type Extras = { endUser: string | null; note: string | null; labels: string[]; rules: string[] };

export function labelKey(company: string | null, name: string): string {
  return `${company ?? "*"}/${name}`;
}

// The demo end user gets a hand-picked mix, so every feature has something to show.
function demoUserPicks(sims: LivedSim[]): Set<string> {
  const acme = sims.filter((s) => s.company === "Acme" && s.plan !== null);
  const wanted: Array<(s: LivedSim) => boolean> = [
    (s) => s.formFactor === "esim" && s.plan?.type === "prepaid" && s.status === "active",
    (s) => s.formFactor === "physical" && s.plan?.type === "prepaid" && s.status === "active",
    (s) => s.plan?.type === "subscription" && s.status === "active",
    (s) => s.plan?.type === "paygo" && s.status === "active",
    (s) => s.plan?.type === "prepaid" && s.status === "suspended",
    (s) => s.status === "activation_ready",
    (s) => s.esim !== null && s.esim.confirmationCode !== null,
  ];
  const picks = new Set<string>();
  for (const test of wanted) {
    const hit = acme.find((s) => test(s) && !picks.has(s.iccid));
    if (hit) picks.add(hit.iccid);
  }
  return picks;
}

/** End user, note, labels and rules of every SIM (company data only on that company's SIMs). */
export function assignExtras(sims: LivedSim[], people: SeedUser[]): Map<string, Extras> {
  const rng = Rng.of("extras");
  const mine = demoUserPicks(sims);
  const pools = new Map<CompanyName | null, SeedUser[]>(
    COMPANIES.map((c) => [c.name, people.filter((u) => u.role === "end_user" && u.company === c.name && u.email !== DEMO_END_USER)]),
  );
  const out = new Map<string, Extras>();
  for (const sim of sims) {
    const extras: Extras = { endUser: null, note: null, labels: [], rules: [] };
    const company = sim.company;
    const pool = pools.get(company) ?? [];
    if (mine.has(sim.iccid)) extras.endUser = DEMO_END_USER;
    else if (company !== null && sim.plan !== null && pool.length > 0 && rng.chance(0.85)) {
      // Skewed: a few people hold many SIMs (fleet managers), most hold one or two.
      extras.endUser = pool[Math.floor(pool.length * rng.float() ** 2)]?.email ?? null;
    }
    if (rng.chance(0.15)) extras.note = rng.pick(NOTES);
    const own = LABELS.filter((l) => l.company !== null && l.company === company);
    if (own.length > 0 && rng.chance(0.35)) {
      const count = rng.chance(0.25) ? 2 : 1;
      for (let i = 0; i < count; i++) extras.labels.push(labelKey(company, rng.pick(own).name));
    }
    if (sim.status === "blank") extras.labels.push(labelKey(null, "Needs swap"));
    if (sim.storeUse) extras.labels.push(labelKey(null, "Store stock"));
    if (sim.roamer && sim.activity !== null && rng.chance(0.4)) extras.labels.push(labelKey(null, "Roaming heavy"));
    extras.labels = [...new Set(extras.labels)];
    for (const rule of RULES) {
      if (rule.company !== company || sim.plan === null) continue;
      const fits = rule.target === "any" || (rule.target === "prepaid") === (sim.plan.type === "prepaid");
      if (fits && rng.chance(rule.share)) extras.rules.push(rule.name);
    }
    out.set(sim.iccid, extras);
  }
  return out;
}
