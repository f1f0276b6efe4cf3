import { DAY_MS, HOUR_MS, MINUTE_MS, dayStartMs } from "./clock";
import type { DemoSim, SimStatusValue, StatusReasonValue } from "./demo-plan";
import { Rng } from "./random";
import { simulateUsage, type SimUsage } from "./usage-sim";

export type HistoryRow = {
  from: SimStatusValue | null;
  to: SimStatusValue;
  reason: StatusReasonValue;
  detail: string | null;
  actorKind: "user" | "operator" | "system";
  // Resolved to a user id when written; the demo accounts are the only actors.
  actorEmail: string | null;
  at: Date;
};

export type LivedSim = DemoSim & {
  history: HistoryRow[];
  createdAt: Date;
  inSession: boolean | null;
  sessionUpdatedAt: Date | null;
  activity: SimUsage | null;
};

const STAFF = "staff@example.com";
export const PENDING_DETAIL = "Being checked by the operator after upload";
const INVALID_DETAILS = [
  "Operator does not recognise this ICCID",
  "Operator does not recognise this ICCID",
  "Operator rejected activation: IMSI already in use",
];

function companyAdmin(sim: DemoSim): string | null {
  return sim.company === null ? null : `admin@${sim.company.toLowerCase()}.example`;
}

// Upload, then whatever the operator and the owners did since, in order.
function historyOf(sim: DemoSim, activity: SimUsage | null, clock: Date, rng: Rng): HistoryRow[] {
  const importAt = Math.min(dayStartMs(clock, sim.importDay) + rng.int(8 * 60, 17 * 60) * MINUTE_MS, clock.getTime() - 5 * MINUTE_MS);
  const rows: HistoryRow[] = [];
  const add = (to: SimStatusValue, reason: StatusReasonValue, detail: string | null, actorKind: HistoryRow["actorKind"], actorEmail: string | null, at: number) => {
    rows.push({ from: rows[rows.length - 1]?.to ?? null, to, reason, detail, actorKind, actorEmail, at: new Date(at) });
  };
  if (sim.status === "not_available") {
    add("not_available", "import", `No integration for ${sim.operator.name}`, "user", STAFF, importAt);
    return rows;
  }
  add("pending", "import", PENDING_DETAIL, "user", STAFF, importAt);
  const checkedAt = importAt + rng.int(2, 90) * MINUTE_MS;
  if (sim.status === "blank") add("blank", "operator", "Operator reports no line (MSISDN) for this SIM", "operator", null, checkedAt);
  if (sim.status === "invalid") add("invalid", "operator", rng.pick(INVALID_DETAILS), "operator", null, checkedAt);
  if (sim.readyDay !== null) {
    const readyAt = dayStartMs(clock, sim.readyDay) + rng.int(9, 16) * HOUR_MS;
    add("activation_ready", "user", sim.storeUse ? "Added to the eSIM store" : "Plan assigned", "user", STAFF, Math.min(readyAt, clock.getTime() - MINUTE_MS));
  }
  if (activity !== null) {
    add("active", "system", "First usage", "system", null, activity.firstUsageAt);
    const end = activity.ending;
    if (end.status === "suspended") {
      const byUser = end.reason === "user";
      add("suspended", end.reason, end.detail, byUser ? "user" : "system", byUser ? companyAdmin(sim) : null, end.at);
    }
  }
  return rows;
}

/** Runs each SIM's life up to the clock: usage, ledger, history and session state. */
export function liveDemoSims(sims: DemoSim[], clock: Date): LivedSim[] {
  return sims.map((sim) => {
    const rng = Rng.of("life", sim.iccid);
    const activity = simulateUsage(sim, clock);
    const history = historyOf(sim, activity, clock, rng);
    const last = history[history.length - 1];
    const status = last?.to ?? sim.status;
    const lastUsage = activity?.usage[activity.usage.length - 1]?.startedAt.getTime() ?? 0;
    const recent = clock.getTime() - lastUsage < 2 * DAY_MS;
    const inSession = sim.operator.driver === "none" ? null : status === "active" && recent && rng.chance(0.4);
    return {
      ...sim,
      status,
      history,
      createdAt: history[0]?.at ?? clock,
      inSession,
      sessionUpdatedAt: inSession === null ? null : new Date(clock.getTime() - rng.int(1, 600) * MINUTE_MS),
      activity,
    };
  });
}
