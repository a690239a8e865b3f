CREATE TYPE "public"."budget_type" AS ENUM('staff', 'non_staff', 'income');--> statement-breakpoint
CREATE TYPE "public"."efficiency_scope" AS ENUM('departmental', 'cross_cutting');--> statement-breakpoint
CREATE TYPE "public"."efficiency_type" AS ENUM('spend_reduction', 'income');--> statement-breakpoint
CREATE TYPE "public"."funding_kind" AS ENUM('growth', 'capital');--> statement-breakpoint
CREATE TYPE "public"."workforce_dimension" AS ENUM('sex', 'age_band', 'length_of_service');--> statement-breakpoint
CREATE TABLE "efficiencies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "efficiencies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer NOT NULL,
	"lead_unit_id" integer,
	"year" smallint NOT NULL,
	"scope" "efficiency_scope" NOT NULL,
	"programme" text,
	"title" text NOT NULL,
	"recurring" boolean NOT NULL,
	"type" "efficiency_type" NOT NULL,
	"budget_type" "budget_type" NOT NULL,
	"minister" text,
	"target_pence" bigint NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "efficiencies_target_positive" CHECK ("efficiencies"."target_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "efficiency_months" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "efficiency_months_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"efficiency_id" integer NOT NULL,
	"month" date NOT NULL,
	"delivered_pence" bigint NOT NULL,
	"forecast_pence" bigint NOT NULL,
	"commentary" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "efficiency_months_efficiencyId_month_unique" UNIQUE("efficiency_id","month"),
	CONSTRAINT "efficiency_months_first_of_month" CHECK (extract(day from "efficiency_months"."month") = 1),
	CONSTRAINT "efficiency_months_not_negative" CHECK ("efficiency_months"."delivered_pence" >= 0 and "efficiency_months"."forecast_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "finance_months" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "finance_months_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"actual_pence" bigint NOT NULL,
	"forecast_outturn_pence" bigint NOT NULL,
	"commentary" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finance_months_unitId_month_unique" UNIQUE("unit_id","month"),
	CONSTRAINT "finance_months_first_of_month" CHECK (extract(day from "finance_months"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "funding_programme_initiatives" (
	"programme_id" integer NOT NULL,
	"initiative_id" integer NOT NULL,
	CONSTRAINT "funding_programme_initiatives_programme_id_initiative_id_pk" PRIMARY KEY("programme_id","initiative_id")
);
--> statement-breakpoint
CREATE TABLE "funding_programme_months" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funding_programme_months_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"month" date NOT NULL,
	"spend_pence" bigint NOT NULL,
	"forecast_outturn_pence" bigint NOT NULL,
	"commentary" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_programme_months_programmeId_month_unique" UNIQUE("programme_id","month"),
	CONSTRAINT "funding_programme_months_first_of_month" CHECK (extract(day from "funding_programme_months"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "funding_programmes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funding_programmes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer NOT NULL,
	"lead_unit_id" integer,
	"year" smallint NOT NULL,
	"kind" "funding_kind" NOT NULL,
	"ref" text,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"csp_priority" text,
	"sub_priority" text,
	"minister" text,
	"allocation_pence" bigint NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_programmes_allocation_not_negative" CHECK ("funding_programmes"."allocation_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "gender_pay_gaps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gender_pay_gaps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"median_gap_pct" numeric(6, 2) NOT NULL,
	"mean_gap_pct" numeric(6, 2) NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "gender_pay_gaps_departmentId_asOf_unique" UNIQUE("department_id","as_of")
);
--> statement-breakpoint
CREATE TABLE "government_efficiency_targets" (
	"year" smallint PRIMARY KEY NOT NULL,
	"target_pence" bigint NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_budgets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unit_budgets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"income_pence" bigint DEFAULT 0 NOT NULL,
	"del_pence" bigint DEFAULT 0 NOT NULL,
	"non_cash_pence" bigint DEFAULT 0 NOT NULL,
	"fte_establishment" numeric(8, 2) DEFAULT '0' NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_budgets_unitId_year_unique" UNIQUE("unit_id","year"),
	CONSTRAINT "unit_budgets_amounts_not_negative" CHECK ("unit_budgets"."income_pence" >= 0 and "unit_budgets"."del_pence" >= 0 and "unit_budgets"."non_cash_pence" >= 0 and "unit_budgets"."fte_establishment" >= 0),
	CONSTRAINT "unit_budgets_year_range" CHECK ("unit_budgets"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "workforce_months" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workforce_months_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"headcount" integer NOT NULL,
	"fte_in_post" numeric(8, 2) NOT NULL,
	"leavers" integer DEFAULT 0 NOT NULL,
	"agency_spend_pence" bigint DEFAULT 0 NOT NULL,
	"fixed_term_spend_pence" bigint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workforce_months_unitId_month_unique" UNIQUE("unit_id","month"),
	CONSTRAINT "workforce_months_first_of_month" CHECK (extract(day from "workforce_months"."month") = 1),
	CONSTRAINT "workforce_months_not_negative" CHECK ("workforce_months"."headcount" >= 0 and "workforce_months"."fte_in_post" >= 0 and "workforce_months"."leavers" >= 0 and "workforce_months"."agency_spend_pence" >= 0 and "workforce_months"."fixed_term_spend_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "workforce_profiles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "workforce_profiles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"dimension" "workforce_dimension" NOT NULL,
	"band" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"headcount" integer NOT NULL,
	"demo_value" boolean DEFAULT false NOT NULL,
	CONSTRAINT "workforce_profiles_departmentId_asOf_dimension_band_unique" UNIQUE("department_id","as_of","dimension","band"),
	CONSTRAINT "workforce_profiles_headcount" CHECK ("workforce_profiles"."headcount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "measures" ADD COLUMN "is_volume" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "efficiencies" ADD CONSTRAINT "efficiencies_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "efficiencies" ADD CONSTRAINT "efficiencies_lead_unit_id_org_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "efficiency_months" ADD CONSTRAINT "efficiency_months_efficiency_id_efficiencies_id_fk" FOREIGN KEY ("efficiency_id") REFERENCES "public"."efficiencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "efficiency_months" ADD CONSTRAINT "efficiency_months_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_months" ADD CONSTRAINT "finance_months_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_months" ADD CONSTRAINT "finance_months_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_programme_initiatives" ADD CONSTRAINT "funding_programme_initiatives_programme_id_funding_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."funding_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_programme_initiatives" ADD CONSTRAINT "funding_programme_initiatives_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_programme_months" ADD CONSTRAINT "funding_programme_months_programme_id_funding_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."funding_programmes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_programme_months" ADD CONSTRAINT "funding_programme_months_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_programmes" ADD CONSTRAINT "funding_programmes_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_programmes" ADD CONSTRAINT "funding_programmes_lead_unit_id_org_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gender_pay_gaps" ADD CONSTRAINT "gender_pay_gaps_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_budgets" ADD CONSTRAINT "unit_budgets_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_budgets" ADD CONSTRAINT "unit_budgets_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_months" ADD CONSTRAINT "workforce_months_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_months" ADD CONSTRAINT "workforce_months_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_profiles" ADD CONSTRAINT "workforce_profiles_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "efficiencies_department_id_year_index" ON "efficiencies" USING btree ("department_id","year");--> statement-breakpoint
CREATE INDEX "funding_programme_initiatives_initiative_id_index" ON "funding_programme_initiatives" USING btree ("initiative_id");--> statement-breakpoint
CREATE INDEX "funding_programmes_department_id_year_index" ON "funding_programmes" USING btree ("department_id","year");--> statement-breakpoint
ALTER TABLE "initiatives" DROP COLUMN "allocation_pence";