CREATE TABLE "sim_label_counts" (
	"label_id" uuid NOT NULL,
	"company_key" uuid NOT NULL,
	"status" "sim_status" NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "sim_label_counts_label_id_company_key_status_pk" PRIMARY KEY("label_id","company_key","status")
);
