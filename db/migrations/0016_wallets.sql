ALTER TYPE "public"."ledger_entry_kind" ADD VALUE 'expire';--> statement-breakpoint
ALTER TYPE "public"."status_reason" ADD VALUE 'no_funds';--> statement-breakpoint
CREATE TABLE "wallet_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wallet_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"wallet_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_micros" bigint NOT NULL,
	"source_key" text NOT NULL,
	"sim_id" bigint,
	"country_code" text,
	"bytes" bigint,
	"rate_per_mb_micros" bigint,
	"note" text,
	"created_by" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_entries_kind" CHECK (("wallet_entries"."kind" = 'usage' AND "wallet_entries"."sim_id" IS NOT NULL AND "wallet_entries"."bytes" IS NOT NULL AND "wallet_entries"."rate_per_mb_micros" IS NOT NULL AND "wallet_entries"."amount_micros" <= 0)
      OR ("wallet_entries"."kind" = 'top_up' AND "wallet_entries"."amount_micros" > 0)
      OR ("wallet_entries"."kind" = 'adjustment' AND "wallet_entries"."amount_micros" <> 0))
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"minimum_balance_minor" bigint DEFAULT 0 NOT NULL,
	"balance_micros" bigint DEFAULT 0 NOT NULL,
	"below_minimum_notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_entries" ADD CONSTRAINT "wallet_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wallet_entries_source_key" ON "wallet_entries" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "wallet_entries_wallet_occurred_idx" ON "wallet_entries" USING btree ("wallet_id","occurred_at");--> statement-breakpoint
CREATE INDEX "wallet_entries_sim_idx" ON "wallet_entries" USING btree ("sim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wallets_company_currency_key" ON "wallets" USING btree ("company_id","currency");--> statement-breakpoint
-- A wallet's history is its entries: the application adds entries, never changes or removes one
-- (a correction is an adjustment entry). TRUNCATE stays possible, unlike for invoices: entries
-- reference SIMs and companies, and test fixtures empty those with TRUNCATE ... CASCADE.
CREATE FUNCTION wallet_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'wallet_entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER wallet_entries_no_update_delete
  BEFORE UPDATE OR DELETE ON wallet_entries
  FOR EACH ROW EXECUTE FUNCTION wallet_entries_refuse_change();
