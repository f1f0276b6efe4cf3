import type { ReadResult, SimFailure, SimReport, SyncWindow, UsageReport } from "../types";
import type { SimulatorContext } from "./context";
import { inStoreStock, linesFor, recordFirstAttaches } from "./lines";
import type { TrafficModel } from "./traffic";

// One batch read: the lines (provisioned on first sight), first attaches in the window made
// permanent, then reports, sessions and usage computed from the lines without further queries.
// A batch of 500 known SIMs costs one SELECT, plus a SELECT and an UPDATE when some attach.

export async function readSims(
  ctx: SimulatorContext,
  traffic: TrafficModel,
  iccids: readonly string[],
  window: SyncWindow,
): Promise<ReadResult> {
  const unique = [...new Set(iccids)];
  const lines = await linesFor(ctx.db, {
    operatorId: ctx.operatorId,
    iccids: unique,
    seed: ctx.settings.seed,
    unknownSimRate: ctx.settings.failureRates.unknownSim,
  });
  const range = traffic.range(window);

  const candidates: { iccid: string; at: Date }[] = [];
  for (const line of lines.values()) {
    if (!line.known) continue;
    const at = traffic.firstAttach(line, range);
    if (at) candidates.push({ iccid: line.iccid, at });
  }
  const shelved = await inStoreStock(
    ctx.db,
    ctx.operatorId,
    candidates.map((c) => c.iccid),
  );
  const attaches = candidates.filter((c) => !shelved.has(c.iccid));
  const attached = await recordFirstAttaches(ctx.db, ctx.operatorId, attaches);
  for (const { iccid, at } of attaches) {
    const line = lines.get(iccid);
    if (line && attached.has(iccid)) lines.set(iccid, { ...line, state: "active", since: at });
  }

  const reports: SimReport[] = [];
  const usage: UsageReport[] = [];
  const failures: SimFailure[] = [];
  for (const iccid of unique) {
    const line = lines.get(iccid);
    if (!line?.known) {
      failures.push({ iccid, code: "unknown_sim", detail: `${ctx.operatorName} has no subscription for ICCID ${iccid}` });
      continue;
    }
    reports.push({
      iccid,
      state: line.state,
      msisdn: line.msisdn,
      imsi: line.imsi,
      inSession: traffic.inSessionAt(line, window.until),
    });
    usage.push(...traffic.usage(line, range));
  }
  return { reports, usage, failures };
}
