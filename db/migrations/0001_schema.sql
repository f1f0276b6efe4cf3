CREATE TYPE "public"."actor_kind" AS ENUM('user', 'operator', 'system', 'rule');--> statement-breakpoint
CREATE TYPE "public"."form_factor" AS ENUM('physical', 'esim');--> statement-breakpoint
CREATE TYPE "public"."ledger_entry_kind" AS ENUM('grant', 'debit');--> statement-breakpoint
CREATE TYPE "public"."operator_driver" AS ENUM('none', 'simulator', 'cisco_control_center');--> statement-breakpoint
CREATE TYPE "public"."sim_status" AS ENUM('not_available', 'pending', 'blank', 'activation_ready', 'active', 'suspended', 'invalid');--> statement-breakpoint
CREATE TYPE "public"."sim_type" AS ENUM('prepaid', 'subscription', 'paygo');--> statement-breakpoint
CREATE TYPE "public"."status_reason" AS ENUM('import', 'user', 'operator', 'expiry', 'no_data', 'dormancy', 'rule', 'system');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('staff', 'company_admin', 'end_user');--> statement-breakpoint
CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text,
	"role" "user_role" NOT NULL,
	"company_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	CONSTRAINT "users_email_lower" CHECK ("users"."email" = lower("users"."email")),
	CONSTRAINT "users_admin_has_company" CHECK ("users"."role" <> 'company_admin' OR "users"."company_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"country_code" text NOT NULL,
	"currency" text NOT NULL,
	"driver" "operator_driver" DEFAULT 'none' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"encrypted_credentials" text,
	"dormancy_days" integer,
	"contract_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_country_rates" (
	"plan_id" uuid NOT NULL,
	"country_code" text NOT NULL,
	"per_mb_micros" bigint NOT NULL,
	CONSTRAINT "plan_country_rates_plan_id_country_code_pk" PRIMARY KEY("plan_id","country_code")
);
--> statement-breakpoint
CREATE TABLE "plan_refill_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"data_bytes" bigint NOT NULL,
	"validity_days" integer NOT NULL,
	"price_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"type" "sim_type" NOT NULL,
	"custom_name" text,
	"currency" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"previous_version_id" uuid,
	"retired" boolean DEFAULT false NOT NULL,
	"price_minor" bigint,
	"data_bytes" bigint,
	"validity_days" integer,
	"monthly_fee_minor" bigint,
	"included_bytes" bigint,
	"overage_per_mb_micros" bigint,
	"default_per_mb_micros" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_terms_match_type" CHECK (("plans"."type" <> 'prepaid' OR ("plans"."price_minor" IS NOT NULL AND "plans"."data_bytes" IS NOT NULL AND "plans"."validity_days" IS NOT NULL))
      AND ("plans"."type" <> 'subscription' OR ("plans"."monthly_fee_minor" IS NOT NULL AND "plans"."included_bytes" IS NOT NULL AND "plans"."overage_per_mb_micros" IS NOT NULL))
      AND ("plans"."type" <> 'paygo' OR "plans"."default_per_mb_micros" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid,
	"name" text NOT NULL,
	"color" text DEFAULT '#64748b' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_labels" (
	"sim_id" bigint NOT NULL,
	"label_id" uuid NOT NULL,
	CONSTRAINT "sim_labels_label_id_sim_id_pk" PRIMARY KEY("label_id","sim_id")
);
--> statement-breakpoint
CREATE TABLE "sim_status_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sim_status_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sim_id" bigint NOT NULL,
	"from_status" "sim_status",
	"to_status" "sim_status" NOT NULL,
	"reason" "status_reason" NOT NULL,
	"detail" text,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sims" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"iccid" text NOT NULL,
	"form_factor" "form_factor" NOT NULL,
	"operator_id" uuid NOT NULL,
	"status" "sim_status" NOT NULL,
	"status_reason" "status_reason",
	"status_detail" text,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"plan_id" uuid,
	"sim_type" "sim_type",
	"company_id" uuid,
	"end_user_id" uuid,
	"store_use" boolean DEFAULT false NOT NULL,
	"imsi" text,
	"msisdn" text,
	"eid" text,
	"activation_code" text,
	"confirmation_code" text,
	"in_session" boolean,
	"session_updated_at" timestamp with time zone,
	"data_left_bytes" bigint,
	"valid_until" timestamp with time zone,
	"month_usage_bytes" bigint DEFAULT 0 NOT NULL,
	"month_usage_period" date,
	"last_usage_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid,
	"name" text NOT NULL,
	"trigger" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_rules" (
	"sim_id" bigint NOT NULL,
	"rule_id" uuid NOT NULL,
	CONSTRAINT "sim_rules_rule_id_sim_id_pk" PRIMARY KEY("rule_id","sim_id")
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "usage_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sim_id" bigint NOT NULL,
	"source_key" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"bytes" bigint NOT NULL,
	"mcc_mnc" text NOT NULL,
	"country_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allowance_ledger" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "allowance_ledger_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sim_id" bigint NOT NULL,
	"kind" "ledger_entry_kind" NOT NULL,
	"bytes" bigint NOT NULL,
	"valid_until" timestamp with time zone,
	"source_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"company_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_country_rates" ADD CONSTRAINT "plan_country_rates_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_refill_packages" ADD CONSTRAINT "plan_refill_packages_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_labels" ADD CONSTRAINT "sim_labels_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_labels" ADD CONSTRAINT "sim_labels_label_id_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."labels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_status_history" ADD CONSTRAINT "sim_status_history_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_status_history" ADD CONSTRAINT "sim_status_history_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sims" ADD CONSTRAINT "sims_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sims" ADD CONSTRAINT "sims_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sims" ADD CONSTRAINT "sims_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sims" ADD CONSTRAINT "sims_end_user_id_users_id_fk" FOREIGN KEY ("end_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules" ADD CONSTRAINT "rules_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_rules" ADD CONSTRAINT "sim_rules_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sim_rules" ADD CONSTRAINT "sim_rules_rule_id_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowance_ledger" ADD CONSTRAINT "allowance_ledger_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "companies_name_key" ON "companies" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_company_idx" ON "users" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "operators_name_key" ON "operators" USING btree ("name");--> statement-breakpoint
CREATE INDEX "plans_operator_idx" ON "plans" USING btree ("operator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "labels_company_name_key" ON "labels" USING btree (coalesce("company_id", '00000000-0000-0000-0000-000000000000'::uuid),"name");--> statement-breakpoint
CREATE INDEX "sim_labels_sim_idx" ON "sim_labels" USING btree ("sim_id");--> statement-breakpoint
CREATE INDEX "sim_status_history_sim_idx" ON "sim_status_history" USING btree ("sim_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sims_iccid_key" ON "sims" USING btree ("iccid");--> statement-breakpoint
CREATE INDEX "sims_iccid_pattern_idx" ON "sims" USING btree ("iccid" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sims_msisdn_pattern_idx" ON "sims" USING btree ("msisdn" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sims_note_trgm_idx" ON "sims" USING gin ("note" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "sims_company_iccid_idx" ON "sims" USING btree ("company_id","iccid");--> statement-breakpoint
CREATE INDEX "sims_company_status_idx" ON "sims" USING btree ("company_id","status","iccid");--> statement-breakpoint
CREATE INDEX "sims_company_data_left_idx" ON "sims" USING btree ("company_id","data_left_bytes","iccid");--> statement-breakpoint
CREATE INDEX "sims_company_valid_until_idx" ON "sims" USING btree ("company_id","valid_until","iccid");--> statement-breakpoint
CREATE INDEX "sims_company_month_usage_idx" ON "sims" USING btree ("company_id","month_usage_bytes","iccid");--> statement-breakpoint
CREATE INDEX "sims_status_idx" ON "sims" USING btree ("status","iccid");--> statement-breakpoint
CREATE INDEX "sims_data_left_idx" ON "sims" USING btree ("data_left_bytes","iccid");--> statement-breakpoint
CREATE INDEX "sims_valid_until_idx" ON "sims" USING btree ("valid_until","iccid");--> statement-breakpoint
CREATE INDEX "sims_month_usage_idx" ON "sims" USING btree ("month_usage_bytes","iccid");--> statement-breakpoint
CREATE INDEX "sims_operator_idx" ON "sims" USING btree ("operator_id","iccid");--> statement-breakpoint
CREATE INDEX "sims_type_idx" ON "sims" USING btree ("sim_type","iccid");--> statement-breakpoint
CREATE INDEX "sims_end_user_idx" ON "sims" USING btree ("end_user_id","iccid");--> statement-breakpoint
CREATE INDEX "sims_plan_idx" ON "sims" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "rules_company_idx" ON "rules" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "sim_rules_sim_idx" ON "sim_rules" USING btree ("sim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_source_key" ON "usage_records" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "usage_records_sim_idx" ON "usage_records" USING btree ("sim_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "allowance_ledger_source_key" ON "allowance_ledger" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "allowance_ledger_sim_idx" ON "allowance_ledger" USING btree ("sim_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_company_idx" ON "audit_log" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id","created_at");