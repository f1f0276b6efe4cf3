ALTER TABLE "operator_sync_state" ADD COLUMN "pass_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operator_sync_state" ADD COLUMN "resume_after" text;--> statement-breakpoint
ALTER TABLE "operator_usage_counters" ADD COLUMN "observed_at" timestamp with time zone;