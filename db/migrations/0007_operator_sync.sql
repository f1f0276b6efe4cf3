CREATE TABLE "operator_sync_state" (
	"operator_id" uuid PRIMARY KEY NOT NULL,
	"synced_until" timestamp with time zone,
	"lease_token" uuid,
	"lease_until" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"circuit_open_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "operator_usage_counters" (
	"sim_id" bigint PRIMARY KEY NOT NULL,
	"cycle_start" date NOT NULL,
	"total_bytes" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job" text NOT NULL,
	"operator_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"counts" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "simulator_lines" (
	"iccid" text PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"known" boolean NOT NULL,
	"state" text NOT NULL,
	"msisdn" text,
	"imsi" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "simulator_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"iccid" text NOT NULL,
	"kind" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"completes_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "usage_records" ALTER COLUMN "mcc_mnc" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "operator_sync_state" ADD CONSTRAINT "operator_sync_state_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_usage_counters" ADD CONSTRAINT "operator_usage_counters_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "simulator_lines" ADD CONSTRAINT "simulator_lines_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "simulator_operations" ADD CONSTRAINT "simulator_operations_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_runs_operator_idx" ON "sync_runs" USING btree ("operator_id","started_at");--> statement-breakpoint
CREATE INDEX "sync_runs_started_idx" ON "sync_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "simulator_operations_iccid_idx" ON "simulator_operations" USING btree ("iccid");