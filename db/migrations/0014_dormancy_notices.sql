CREATE TABLE "dormancy_notices" (
	"sim_id" bigint NOT NULL,
	"refill_at" timestamp with time zone NOT NULL,
	"warned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dormancy_notices_sim_id_refill_at_pk" PRIMARY KEY("sim_id","refill_at")
);
--> statement-breakpoint
ALTER TABLE "dormancy_notices" ADD CONSTRAINT "dormancy_notices_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE no action ON UPDATE no action;