import type { Db } from "@/db";
import type { SimulatorSettings } from "./settings";

// What every part of the simulator works with: one operator's network and its clock.
export type SimulatorContext = {
  operatorId: string;
  operatorName: string;
  settings: SimulatorSettings;
  db: Db;
  now: () => Date;
};

export type SimulatorTx = Parameters<Parameters<Db["transaction"]>[0]>[0];
