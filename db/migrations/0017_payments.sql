CREATE TABLE "auto_refills" (
	"sim_id" bigint PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"threshold_bytes" bigint NOT NULL,
	"package_id" uuid,
	"card_id" uuid NOT NULL,
	"monthly_cap_minor" bigint NOT NULL,
	"consent_text" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_by" uuid NOT NULL,
	"crossing" integer DEFAULT 0 NOT NULL,
	"armed" boolean DEFAULT true NOT NULL,
	"paused_at" timestamp with time zone,
	"pause_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "auto_refills_amounts" CHECK ("auto_refills"."threshold_bytes" >= 0 AND "auto_refills"."monthly_cap_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"provider_method_id" text NOT NULL,
	"brand" text NOT NULL,
	"last4" text NOT NULL,
	"exp_month" integer NOT NULL,
	"exp_year" integer NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"user_id" uuid,
	"company_id" uuid,
	"provider_customer_id" text,
	"invoice_card_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_customers_one_payer" CHECK (("payment_customers"."user_id" IS NULL) <> ("payment_customers"."company_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reason" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"provider_refund_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_refunds_amount_positive" CHECK ("payment_refunds"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_sandbox_objects" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"card_id" uuid,
	"purpose" text NOT NULL,
	"trigger" text NOT NULL,
	"company_id" uuid,
	"user_id" uuid,
	"sim_id" bigint,
	"refill_package_id" uuid,
	"package_data_bytes" bigint,
	"package_validity_days" integer,
	"wallet_id" uuid,
	"invoice_id" uuid,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"provider_payment_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_code" text,
	"decline_code" text,
	"failure_message" text,
	"crossing" integer,
	"attempt" integer DEFAULT 1 NOT NULL,
	"credited_at" timestamp with time zone,
	"credit_error" text,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_minor" > 0),
	CONSTRAINT "payments_refunded_range" CHECK ("payments"."refunded_minor" >= 0 AND "payments"."refunded_minor" <= "payments"."amount_minor"),
	CONSTRAINT "payments_status" CHECK ("payments"."status" IN ('pending', 'requires_action', 'processing', 'succeeded', 'failed', 'canceled')),
	CONSTRAINT "payments_trigger" CHECK ("payments"."trigger" IN ('manual', 'auto_refill', 'invoice_auto')),
	CONSTRAINT "payments_purpose_target" CHECK (("payments"."purpose" = 'refill' AND "payments"."sim_id" IS NOT NULL AND "payments"."package_data_bytes" IS NOT NULL AND "payments"."package_validity_days" IS NOT NULL)
      OR ("payments"."purpose" = 'wallet_top_up' AND "payments"."wallet_id" IS NOT NULL)
      OR ("payments"."purpose" = 'invoice' AND "payments"."invoice_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "auto_refills" ADD CONSTRAINT "auto_refills_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_refills" ADD CONSTRAINT "auto_refills_package_id_plan_refill_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."plan_refill_packages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_refills" ADD CONSTRAINT "auto_refills_card_id_payment_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."payment_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_refills" ADD CONSTRAINT "auto_refills_consent_by_users_id_fk" FOREIGN KEY ("consent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_cards" ADD CONSTRAINT "payment_cards_customer_id_payment_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."payment_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_cards" ADD CONSTRAINT "payment_cards_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_customers" ADD CONSTRAINT "payment_customers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_customers" ADD CONSTRAINT "payment_customers_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_customers" ADD CONSTRAINT "payment_customers_invoice_card_id_payment_cards_id_fk" FOREIGN KEY ("invoice_card_id") REFERENCES "public"."payment_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_customer_id_payment_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."payment_customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_card_id_payment_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."payment_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_sim_id_sims_id_fk" FOREIGN KEY ("sim_id") REFERENCES "public"."sims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refill_package_id_plan_refill_packages_id_fk" FOREIGN KEY ("refill_package_id") REFERENCES "public"."plan_refill_packages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_wallet_id_wallets_id_fk" FOREIGN KEY ("wallet_id") REFERENCES "public"."wallets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_cards_provider_method_key" ON "payment_cards" USING btree ("provider_method_id");--> statement-breakpoint
CREATE INDEX "payment_cards_customer_idx" ON "payment_cards" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_customers_user_key" ON "payment_customers" USING btree ("provider","user_id") WHERE "payment_customers"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_customers_company_key" ON "payment_customers" USING btree ("provider","company_id") WHERE "payment_customers"."company_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_customers_provider_id_key" ON "payment_customers" USING btree ("provider","provider_customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_idempotency_key" ON "payment_refunds" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "payment_refunds_payment_idx" ON "payment_refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_sandbox_objects_idempotency_key" ON "payment_sandbox_objects" USING btree ("kind","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_idempotency_key" ON "payments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_provider_payment_key" ON "payments" USING btree ("provider","provider_payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_invoice_open_key" ON "payments" USING btree ("invoice_id") WHERE "payments"."invoice_id" IS NOT NULL AND "payments"."status" NOT IN ('failed', 'canceled') AND "payments"."credit_error" IS NULL;--> statement-breakpoint
CREATE INDEX "payments_created_idx" ON "payments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "payments_company_created_idx" ON "payments" USING btree ("company_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_user_created_idx" ON "payments" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_sim_created_idx" ON "payments" USING btree ("sim_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_unsettled_idx" ON "payments" USING btree ("updated_at") WHERE "payments"."status" IN ('pending', 'processing', 'requires_action') OR ("payments"."status" = 'succeeded' AND "payments"."credited_at" IS NULL);--> statement-breakpoint
CREATE INDEX "payments_credit_error_idx" ON "payments" USING btree ("created_at") WHERE "payments"."credit_error" IS NOT NULL;