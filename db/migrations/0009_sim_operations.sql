CREATE TABLE "sim_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sim_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"previous_status" "sim_status" NOT NULL,
	"previous_reason" "status_reason",
	"previous_detail" text,
	"target_status" "sim_status" NOT NULL,
	"state" text NOT NULL,
	"operator_operation_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"error" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sim_operations" ADD CONSTRAINT "sim_operations_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_operations" ADD CONSTRAINT "sim_operations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sim_operations_one_open" ON "sim_operations" USING btree ("sim_id") WHERE "sim_operations"."state" IN ('queued', 'requested');--> statement-breakpoint
CREATE INDEX "sim_operations_due_idx" ON "sim_operations" USING btree ("next_attempt_at") WHERE "sim_operations"."state" IN ('queued', 'requested');--> statement-breakpoint
CREATE INDEX "sim_operations_sim_idx" ON "sim_operations" USING btree ("sim_id","created_at");