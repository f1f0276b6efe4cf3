// The sandbox's objects in payment_sandbox_objects, shaped like Stripe's. In the database, not in
// memory, so they survive a restart, every app instance sees the same ones, and an idempotency
// key still finds its object after a crash.
import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { paymentSandboxObjects as objects } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { PaymentFailure, ProviderPaymentStatus } from "../provider";
import type { SavedTestCard } from "./test-cards";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type CustomerData = { email: string; name: string; portalCustomerId: string };
export type SetupData = {
  customerId: string;
  status: "requires_payment_method" | "succeeded";
  clientSecret: string;
  paymentMethodId: string | null;
};
// Stripe clears a detached method's customer; the sandbox keeps it (to tell "removed by this
// customer" from "another customer's card") and marks the detachment.
export type MethodData = SavedTestCard & { customerId: string; detachedAt: string | null };
export type IntentData = {
  customerId: string;
  paymentMethodId: string;
  amountMinor: number;
  currency: string;
  offSession: boolean;
  description: string;
  portalPaymentId: string;
  status: ProviderPaymentStatus;
  clientSecret: string;
  failure: PaymentFailure | null;
  refundedMinor: number;
};
export type RefundData = { paymentId: string; amountMinor: number; status: "succeeded" };

type KindData = {
  customer: CustomerData;
  payment_method: MethodData;
  setup_intent: SetupData;
  payment_intent: IntentData;
  refund: RefundData;
};
export type SandboxKind = keyof KindData;
export type SandboxObject<K extends SandboxKind> = { id: string; data: KindData[K] };
// created: this call wrote it (false: the key's earlier object).
export type InsertedObject<K extends SandboxKind> = SandboxObject<K> & { created: boolean };

const PREFIX: Record<SandboxKind, string> = { customer: "cus", payment_method: "pm", setup_intent: "seti", payment_intent: "pi", refund: "re" };
const NOUN: Record<SandboxKind, string> = {
  customer: "payment customer",
  payment_method: "card",
  setup_intent: "card setup",
  payment_intent: "payment",
  refund: "refund",
};

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length = 24): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export const newId = (kind: SandboxKind) => `${PREFIX[kind]}_${randomToken()}`;
export const clientSecretFor = (id: string) => `${id}_secret_${randomToken()}`;

// The parameters a key was first used with, kept beside the object: reusing a key with other
// parameters is refused, as Stripe does, rather than answered with an unrelated object.
type StoredData<K extends SandboxKind> = KindData[K] & { request?: string };

export const fingerprintOf = (request: Record<string, unknown>) => JSON.stringify(request);

export function assertSameRequest(object: SandboxObject<SandboxKind>, request: Record<string, unknown>): void {
  const stored = object.data as { request?: string };
  if (stored.request !== fingerprintOf(request)) {
    throw new AppError("conflict", "This request was already made with different details; it was not repeated.");
  }
}

/**
 * Creates the object for (kind, idempotencyKey) unless it exists, and returns the one stored.
 * ON CONFLICT DO NOTHING and then a read: two concurrent calls with one key get one object
 * (PostgreSQL makes the second insert wait for the first to commit).
 */
export async function insertOnce<K extends SandboxKind>(
  db: Db,
  kind: K,
  idempotencyKey: string,
  request: Record<string, unknown>,
  build: (id: string) => KindData[K],
): Promise<InsertedObject<K>> {
  if (!idempotencyKey) throw new AppError("invalid_input", "An idempotency key is required.");
  const id = newId(kind);
  const data: StoredData<K> = { ...build(id), request: fingerprintOf(request) };
  await db.insert(objects).values({ id, kind, idempotencyKey, data }).onConflictDoNothing({ target: [objects.kind, objects.idempotencyKey] });
  const [row] = await db
    .select({ id: objects.id, data: objects.data })
    .from(objects)
    .where(and(eq(objects.kind, kind), eq(objects.idempotencyKey, idempotencyKey)));
  if (!row) throw new Error(`sandbox ${kind} with key ${idempotencyKey} vanished after insert`);
  const stored = { id: row.id, data: row.data as KindData[K] };
  assertSameRequest(stored, request);
  return { ...stored, created: row.id === id };
}

// For objects without a key of their own (a card saved by a setup carries the setup's id).
export async function findByKey<K extends SandboxKind>(db: Db, kind: K, idempotencyKey: string): Promise<SandboxObject<K> | undefined> {
  const [row] = await db
    .select({ id: objects.id, data: objects.data })
    .from(objects)
    .where(and(eq(objects.kind, kind), eq(objects.idempotencyKey, idempotencyKey)));
  return row ? { id: row.id, data: row.data as KindData[K] } : undefined;
}

export async function insertObject<K extends SandboxKind>(db: Db, kind: K, idempotencyKey: string | null, data: KindData[K]): Promise<SandboxObject<K>> {
  const id = newId(kind);
  await db.insert(objects).values({ id, kind, idempotencyKey, data });
  return { id, data };
}

/** The object of this kind with this id, else AppError not_found. `lock`: FOR UPDATE (in a transaction). */
export async function findObject<K extends SandboxKind>(db: Db, kind: K, id: string, lock = false): Promise<SandboxObject<K>> {
  const query = db
    .select({ id: objects.id, data: objects.data })
    .from(objects)
    .where(and(eq(objects.id, id), eq(objects.kind, kind)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("not_found", `This ${NOUN[kind]} was not found.`);
  return { id: row.id, data: row.data as KindData[K] };
}

export async function updateObject<K extends SandboxKind>(db: Db, kind: K, id: string, data: KindData[K]): Promise<SandboxObject<K>> {
  await db
    .update(objects)
    .set({ data })
    .where(and(eq(objects.id, id), eq(objects.kind, kind)));
  return { id, data };
}
