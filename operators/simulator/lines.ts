import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { sims, simulatorLines } from "@/db/schema";
import type { LineState } from "../types";
import { hashParts, unit } from "./random";
import type { Line } from "./traffic";

// The simulated operator's register of lines (simulator_lines). A SIM it has never been asked
// about is provisioned from the portal's inventory on first sight, as if the operator had
// delivered it: a batch costs one statement once every SIM is known, three on first sight.

export type KnownLine = Line & { known: boolean };

type PortalSim = { iccid: string; status: string; msisdn: string | null; imsi: string | null; statusChangedAt: Date };

const LINE_STATES: readonly LineState[] = ["ready", "active", "suspended", "retired"];

function toLineState(value: string): LineState {
  const state = LINE_STATES.find((s) => s === value);
  if (!state) throw new Error(`simulator_lines holds an unknown line state "${value}"`);
  return state;
}

// What the operator believes about a SIM the portal holds. An Invalid SIM was refused by the
// integration, so the operator does not know it; a few Pending ones turn out unknown too, so the
// Invalid path shows up in a demo.
export function provisionedLine(sim: PortalSim, seed: number, unknownSimRate: number): KnownLine {
  const unknownPending = sim.status === "pending" && unit(hashParts(seed, "unknown-sim", sim.iccid)) < unknownSimRate;
  const state: LineState = sim.status === "active" ? "active" : sim.status === "suspended" ? "suspended" : "ready";
  return {
    iccid: sim.iccid,
    known: sim.status !== "invalid" && !unknownPending,
    state,
    msisdn: sim.msisdn,
    imsi: sim.imsi,
    // The line has been in this state since the portal last saw it change.
    since: sim.statusChangedAt,
  };
}

const lineColumns = {
  iccid: simulatorLines.iccid,
  known: simulatorLines.known,
  state: simulatorLines.state,
  msisdn: simulatorLines.msisdn,
  imsi: simulatorLines.imsi,
  since: simulatorLines.updatedAt,
};

type LineRow = { iccid: string; known: boolean; state: string; msisdn: string | null; imsi: string | null; since: Date };

const toLine = (row: LineRow): KnownLine => ({ ...row, state: toLineState(row.state) });

async function selectLines(db: Db, operatorId: string, iccids: readonly string[]): Promise<KnownLine[]> {
  if (iccids.length === 0) return [];
  const rows = await db
    .select(lineColumns)
    .from(simulatorLines)
    .where(and(eq(simulatorLines.operatorId, operatorId), inArray(simulatorLines.iccid, [...iccids])));
  return rows.map(toLine);
}

// The operator's lines for these ICCIDs; an ICCID missing from the map is one the operator has
// never heard of (not in the portal's inventory for this operator).
export async function linesFor(
  db: Db,
  input: { operatorId: string; iccids: readonly string[]; seed: number; unknownSimRate: number },
): Promise<Map<string, KnownLine>> {
  const lines = new Map((await selectLines(db, input.operatorId, input.iccids)).map((l) => [l.iccid, l]));
  const missing = input.iccids.filter((iccid) => !lines.has(iccid));
  if (missing.length === 0) return lines;

  const portal = await db
    .select({ iccid: sims.iccid, status: sims.status, msisdn: sims.msisdn, imsi: sims.imsi, statusChangedAt: sims.statusChangedAt })
    .from(sims)
    .where(and(eq(sims.operatorId, input.operatorId), inArray(sims.iccid, missing)));
  if (portal.length === 0) return lines;

  // In ICCID order, so that two inserts of overlapping batches lock rows in the same order.
  const fresh = portal
    .map((sim) => provisionedLine(sim, input.seed, input.unknownSimRate))
    .sort((a, b) => (a.iccid < b.iccid ? -1 : a.iccid > b.iccid ? 1 : 0));
  // Two syncs may meet a new SIM at once: the first insert wins and both read what it wrote.
  const inserted = await db
    .insert(simulatorLines)
    .values(
      fresh.map((l) => ({
        iccid: l.iccid,
        operatorId: input.operatorId,
        known: l.known,
        state: l.state,
        msisdn: l.msisdn,
        imsi: l.imsi,
        updatedAt: l.since,
      })),
    )
    .onConflictDoNothing()
    .returning(lineColumns);
  for (const row of inserted) lines.set(row.iccid, toLine(row));
  const raced = fresh.filter((l) => !lines.has(l.iccid)).map((l) => l.iccid);
  for (const line of await selectLines(db, input.operatorId, raced)) lines.set(line.iccid, line);
  return lines;
}

// Records first attaches in one statement. Only lines still ready change, so a line suspended
// meanwhile stays suspended; returns the ICCIDs that did become active.
export async function recordFirstAttaches(
  db: Db,
  operatorId: string,
  attaches: ReadonlyArray<{ iccid: string; at: Date }>,
): Promise<Set<string>> {
  if (attaches.length === 0) return new Set();
  const at = sql.join(
    attaches.map((a) => sql`WHEN ${a.iccid} THEN ${a.at.toISOString()}::timestamptz`),
    sql` `,
  );
  const rows = await db
    .update(simulatorLines)
    .set({ state: "active", updatedAt: sql`CASE ${simulatorLines.iccid} ${at} END` })
    .where(
      and(
        eq(simulatorLines.operatorId, operatorId),
        eq(simulatorLines.state, "ready"),
        inArray(
          simulatorLines.iccid,
          attaches.map((a) => a.iccid),
        ),
      ),
    )
    .returning({ iccid: simulatorLines.iccid });
  return new Set(rows.map((r) => r.iccid));
}

// A line attaches from a device. The simulated world's devices are the portal's SIMs, and an
// eSIM still in the store's stock (not sold to anyone) is in none, so it must not attach and
// turn Active on the shelf. Asked only about the few lines about to attach.
export async function inStoreStock(db: Db, operatorId: string, iccids: readonly string[]): Promise<Set<string>> {
  if (iccids.length === 0) return new Set();
  const rows = await db
    .select({ iccid: sims.iccid })
    .from(sims)
    .where(and(eq(sims.operatorId, operatorId), inArray(sims.iccid, [...iccids]), eq(sims.storeUse, true), isNull(sims.endUserId)));
  return new Set(rows.map((r) => r.iccid));
}

export async function countKnownLines(db: Db, operatorId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(simulatorLines)
    .where(and(eq(simulatorLines.operatorId, operatorId), eq(simulatorLines.known, true)));
  return row?.n ?? 0;
}
