CREATE TABLE "sim_counts" (
	"company_key" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"status" "sim_status" NOT NULL,
	"sim_type_key" text NOT NULL,
	"form_factor" "form_factor" NOT NULL,
	"session_key" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "sim_counts_company_key_operator_id_status_sim_type_key_form_factor_session_key_pk" PRIMARY KEY("company_key","operator_id","status","sim_type_key","form_factor","session_key")
);
