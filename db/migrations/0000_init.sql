CREATE TYPE "public"."action_status" AS ENUM('open', 'done', 'dropped');--> statement-breakpoint
CREATE TYPE "public"."direction" AS ENUM('higher_better', 'lower_better', 'neither');--> statement-breakpoint
CREATE TYPE "public"."frequency" AS ENUM('monthly', 'quarterly');--> statement-breakpoint
CREATE TYPE "public"."initiative_status" AS ENUM('not_started', 'in_progress', 'complete', 'ongoing', 'closed');--> statement-breakpoint
CREATE TYPE "public"."initiative_type" AS ENUM('project', 'programme', 'bau');--> statement-breakpoint
CREATE TYPE "public"."measure_category" AS ENUM('customer', 'service', 'workforce', 'commercial', 'finance', 'governance');--> statement-breakpoint
CREATE TYPE "public"."meeting_status" AS ENUM('planned', 'held');--> statement-breakpoint
CREATE TYPE "public"."milestone_status" AS ENUM('planned', 'in_progress', 'achieved', 'missed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."mitigation_status" AS ENUM('planned', 'in_progress', 'complete');--> statement-breakpoint
CREATE TYPE "public"."period_type" AS ENUM('month', 'quarter');--> statement-breakpoint
CREATE TYPE "public"."quarter_rule" AS ENUM('sum', 'mean', 'last', 'ratio');--> statement-breakpoint
CREATE TYPE "public"."rag" AS ENUM('green', 'amber', 'red');--> statement-breakpoint
CREATE TYPE "public"."recommendation_source" AS ENUM('cag', 'pac', 'internal_audit', 'other');--> statement-breakpoint
CREATE TYPE "public"."recommendation_status" AS ENUM('open', 'in_progress', 'implemented', 'not_accepted', 'closed');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('draft', 'submitted', 'approved', 'published');--> statement-breakpoint
CREATE TYPE "public"."risk_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('ADMIN', 'SLT', 'LEAD', 'VIEWER');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('department', 'directorate', 'service');--> statement-breakpoint
CREATE TYPE "public"."value_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."value_type" AS ENUM('percent', 'count', 'score', 'currency', 'days', 'ratio');--> statement-breakpoint
CREATE TABLE "org_units" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "org_units_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"kind" "unit_kind" NOT NULL,
	"parent_id" integer,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_units_slug_unique" UNIQUE("slug"),
	CONSTRAINT "org_units_department_is_root" CHECK (("org_units"."kind" = 'department') = ("org_units"."parent_id" is null)),
	CONSTRAINT "org_units_slug_format" CHECK ("org_units"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"role" "role" NOT NULL,
	"unit_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"session_version" integer DEFAULT 1 NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_scope_matches_role" CHECK (("users"."role" in ('SLT', 'LEAD')) = ("users"."unit_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "measure_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"measure_id" integer NOT NULL,
	"target_value" numeric(14, 4),
	"effective_from" date NOT NULL,
	"tbc_due" date,
	"note" text,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_targets_measureId_effectiveFrom_unique" UNIQUE("measure_id","effective_from"),
	CONSTRAINT "measure_targets_from_month" CHECK (extract(day from "measure_targets"."effective_from") = 1)
);
--> statement-breakpoint
CREATE TABLE "measure_values" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_values_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"measure_id" integer NOT NULL,
	"period_type" "period_type" DEFAULT 'month' NOT NULL,
	"period" date NOT NULL,
	"value" numeric(14, 4),
	"numerator" numeric(14, 4),
	"denominator" numeric(14, 4),
	"commentary" text,
	"status" "value_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"entered_by_id" integer,
	"submitted_by_id" integer,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_values_measureId_periodType_period_unique" UNIQUE("measure_id","period_type","period"),
	CONSTRAINT "measure_values_period_month" CHECK (extract(day from "measure_values"."period") = 1),
	CONSTRAINT "measure_values_ratio_parts" CHECK ("measure_values"."denominator" is null or ("measure_values"."denominator" >= 0 and "measure_values"."numerator" is not null and "measure_values"."numerator" <= "measure_values"."denominator"))
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit_id" integer NOT NULL,
	"category" "measure_category" NOT NULL,
	"value_type" "value_type" NOT NULL,
	"scale_min" numeric(14, 4),
	"scale_max" numeric(14, 4),
	"decimals" smallint DEFAULT 0 NOT NULL,
	"direction" "direction" NOT NULL,
	"frequency" "frequency" DEFAULT 'monthly' NOT NULL,
	"quarter_rule" "quarter_rule" NOT NULL,
	"data_source" text NOT NULL,
	"data_limitations" text,
	"baseline_value" numeric(14, 4),
	"baseline_period" date,
	"baseline_note" text,
	"amber_tolerance_pct" numeric(6, 2) DEFAULT '5' NOT NULL,
	"international_benchmarking" boolean DEFAULT false NOT NULL,
	"group_name" text,
	"breakdown" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measures_code_unique" UNIQUE("code"),
	CONSTRAINT "measures_scale_order" CHECK ("measures"."scale_min" is null or "measures"."scale_max" is null or "measures"."scale_min" < "measures"."scale_max"),
	CONSTRAINT "measures_baseline_period_month" CHECK ("measures"."baseline_period" is null or extract(day from "measures"."baseline_period") = 1),
	CONSTRAINT "measures_tolerance_range" CHECK ("measures"."amber_tolerance_pct" >= 0 and "measures"."amber_tolerance_pct" <= 100)
);
--> statement-breakpoint
CREATE TABLE "initiative_measures" (
	"initiative_id" integer NOT NULL,
	"measure_id" integer NOT NULL,
	CONSTRAINT "initiative_measures_initiative_id_measure_id_pk" PRIMARY KEY("initiative_id","measure_id")
);
--> statement-breakpoint
CREATE TABLE "initiative_updates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "initiative_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"initiative_id" integer NOT NULL,
	"period" date NOT NULL,
	"rag" "rag" NOT NULL,
	"reason" text,
	"commentary" text,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "initiative_updates_initiativeId_period_unique" UNIQUE("initiative_id","period"),
	CONSTRAINT "initiative_updates_reason" CHECK ("initiative_updates"."rag" = 'green' or "initiative_updates"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "initiatives" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "initiatives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"csp_ref" text NOT NULL,
	"title" text NOT NULL,
	"deliverables" text DEFAULT '' NOT NULL,
	"lead_unit_id" integer NOT NULL,
	"type" "initiative_type" NOT NULL,
	"priority_id" integer,
	"key_objective_id" integer,
	"target_date" date,
	"target_date_label" text,
	"wellbeing_outcomes" text,
	"impacted_measures_text" text,
	"ongoing" boolean DEFAULT false NOT NULL,
	"success_criterion" text,
	"allocation_pence" bigint,
	"status" "initiative_status" DEFAULT 'in_progress' NOT NULL,
	"rag" "rag",
	"rag_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "initiatives_ongoing_has_criterion" CHECK (not "initiatives"."ongoing" or "initiatives"."success_criterion" is not null),
	CONSTRAINT "initiatives_rag_reason" CHECK ("initiatives"."rag" is null or "initiatives"."rag" = 'green' or "initiatives"."rag_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "key_objectives" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "key_objectives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer NOT NULL,
	"lead_unit_id" integer NOT NULL,
	"priority_id" integer,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "key_objectives_departmentId_year_title_unique" UNIQUE("department_id","year","title")
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"initiative_id" integer NOT NULL,
	"title" text NOT NULL,
	"planned_date" date NOT NULL,
	"forecast_date" date,
	"actual_date" date,
	"status" "milestone_status" DEFAULT 'planned' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategic_priorities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "strategic_priorities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"parent_id" integer,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "strategic_priorities_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "risk_mitigations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "risk_mitigations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"risk_id" integer NOT NULL,
	"description" text NOT NULL,
	"owner_name" text NOT NULL,
	"due_date" date,
	"status" "mitigation_status" DEFAULT 'planned' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "risk_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"risk_id" integer NOT NULL,
	"reviewed_on" date NOT NULL,
	"residual_likelihood" smallint NOT NULL,
	"residual_impact" smallint NOT NULL,
	"note" text,
	"reviewer_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_reviews_likelihood" CHECK ("risk_reviews"."residual_likelihood" between 1 and 5),
	CONSTRAINT "risk_reviews_impact" CHECK ("risk_reviews"."residual_impact" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "risks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ref" text NOT NULL,
	"unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"cause" text NOT NULL,
	"event" text NOT NULL,
	"impact" text NOT NULL,
	"category" text NOT NULL,
	"owner_name" text NOT NULL,
	"owner_user_id" integer,
	"inherent_likelihood" smallint NOT NULL,
	"inherent_impact" smallint NOT NULL,
	"residual_likelihood" smallint NOT NULL,
	"residual_impact" smallint NOT NULL,
	"appetite_score" smallint NOT NULL,
	"status" "risk_status" DEFAULT 'open' NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"escalated_at" timestamp with time zone,
	"escalation_note" text,
	"is_public" boolean DEFAULT false NOT NULL,
	"last_reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risks_ref_unique" UNIQUE("ref"),
	CONSTRAINT "risks_inherent_likelihood" CHECK ("risks"."inherent_likelihood" between 1 and 5),
	CONSTRAINT "risks_inherent_impact" CHECK ("risks"."inherent_impact" between 1 and 5),
	CONSTRAINT "risks_residual_likelihood" CHECK ("risks"."residual_likelihood" between 1 and 5),
	CONSTRAINT "risks_residual_impact" CHECK ("risks"."residual_impact" between 1 and 5),
	CONSTRAINT "risks_appetite" CHECK ("risks"."appetite_score" between 1 and 25)
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recommendations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"ref" text NOT NULL,
	"source" "recommendation_source" NOT NULL,
	"report_title" text NOT NULL,
	"report_date" date,
	"unit_id" integer NOT NULL,
	"text" text NOT NULL,
	"response" text,
	"owner_name" text NOT NULL,
	"target_date" date,
	"status" "recommendation_status" DEFAULT 'open' NOT NULL,
	"completion_evidence" text,
	"implemented_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendations_ref_unique" UNIQUE("ref")
);
--> statement-breakpoint
CREATE TABLE "review_actions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"meeting_id" integer NOT NULL,
	"description" text NOT NULL,
	"owner_name" text NOT NULL,
	"owner_user_id" integer,
	"due_date" date,
	"status" "action_status" DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closing_note" text,
	"measure_id" integer,
	"initiative_id" integer,
	"risk_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer NOT NULL,
	"period" date NOT NULL,
	"held_on" date,
	"attendees" text,
	"decisions" text,
	"status" "meeting_status" DEFAULT 'planned' NOT NULL,
	"created_by_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_meetings_departmentId_period_unique" UNIQUE("department_id","period"),
	CONSTRAINT "review_meetings_period_month" CHECK (extract(day from "review_meetings"."period") = 1)
);
--> statement-breakpoint
CREATE TABLE "report_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"report_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"content" jsonb NOT NULL,
	"correction_note" text,
	"published_by_id" integer,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_revisions_reportId_revision_unique" UNIQUE("report_id","revision")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"department_id" integer,
	"year" integer NOT NULL,
	"quarter" smallint NOT NULL,
	"status" "report_status" DEFAULT 'draft' NOT NULL,
	"introduction" text,
	"highlights" text,
	"concerns" text,
	"created_by_id" integer,
	"submitted_by_id" integer,
	"submitted_at" timestamp with time zone,
	"approved_by_id" integer,
	"approved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_departmentId_year_quarter_unique" UNIQUE NULLS NOT DISTINCT("department_id","year","quarter"),
	CONSTRAINT "reports_quarter_range" CHECK ("reports"."quarter" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_email" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"unit_id" integer,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"ip" text
);
--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_parent_id_org_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_targets" ADD CONSTRAINT "measure_targets_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_targets" ADD CONSTRAINT "measure_targets_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_values" ADD CONSTRAINT "measure_values_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_values" ADD CONSTRAINT "measure_values_entered_by_id_users_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_values" ADD CONSTRAINT "measure_values_submitted_by_id_users_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_measures" ADD CONSTRAINT "initiative_measures_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_measures" ADD CONSTRAINT "initiative_measures_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_updates" ADD CONSTRAINT "initiative_updates_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiative_updates" ADD CONSTRAINT "initiative_updates_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_lead_unit_id_org_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_priority_id_strategic_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."strategic_priorities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "initiatives" ADD CONSTRAINT "initiatives_key_objective_id_key_objectives_id_fk" FOREIGN KEY ("key_objective_id") REFERENCES "public"."key_objectives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_objectives" ADD CONSTRAINT "key_objectives_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_objectives" ADD CONSTRAINT "key_objectives_lead_unit_id_org_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_objectives" ADD CONSTRAINT "key_objectives_priority_id_strategic_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."strategic_priorities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategic_priorities" ADD CONSTRAINT "strategic_priorities_parent_id_strategic_priorities_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."strategic_priorities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_mitigations" ADD CONSTRAINT "risk_mitigations_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_reviews" ADD CONSTRAINT "risk_reviews_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_reviews" ADD CONSTRAINT "risk_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_meeting_id_review_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."review_meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_actions" ADD CONSTRAINT "review_actions_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_meetings" ADD CONSTRAINT "review_meetings_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_meetings" ADD CONSTRAINT "review_meetings_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_revisions" ADD CONSTRAINT "report_revisions_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_revisions" ADD CONSTRAINT "report_revisions_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_submitted_by_id_users_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_approved_by_id_users_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_units_parent_id_index" ON "org_units" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_unit_id_index" ON "users" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "measure_values_period_index" ON "measure_values" USING btree ("period");--> statement-breakpoint
CREATE INDEX "measures_unit_id_index" ON "measures" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "initiative_measures_measure_id_index" ON "initiative_measures" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "initiatives_lead_unit_id_index" ON "initiatives" USING btree ("lead_unit_id");--> statement-breakpoint
CREATE INDEX "initiatives_csp_ref_index" ON "initiatives" USING btree ("csp_ref");--> statement-breakpoint
CREATE INDEX "key_objectives_department_id_year_index" ON "key_objectives" USING btree ("department_id","year");--> statement-breakpoint
CREATE INDEX "milestones_initiative_id_index" ON "milestones" USING btree ("initiative_id");--> statement-breakpoint
CREATE INDEX "milestones_forecast_date_index" ON "milestones" USING btree ("forecast_date");--> statement-breakpoint
CREATE INDEX "risk_mitigations_risk_id_index" ON "risk_mitigations" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "risk_reviews_risk_id_reviewed_on_index" ON "risk_reviews" USING btree ("risk_id","reviewed_on");--> statement-breakpoint
CREATE INDEX "risks_unit_id_index" ON "risks" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "recommendations_unit_id_index" ON "recommendations" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "recommendations_status_index" ON "recommendations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "review_actions_meeting_id_index" ON "review_actions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "review_actions_status_due_date_index" ON "review_actions" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "report_revisions_published_at_index" ON "report_revisions" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_type_entity_id_index" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_index" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_id_index" ON "audit_log" USING btree ("actor_id");