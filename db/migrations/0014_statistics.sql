CREATE TABLE "measure_annotations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_annotations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"measure_id" integer NOT NULL,
	"period" date NOT NULL,
	"text" text NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_annotations_period_month" CHECK (extract(day from "measure_annotations"."period") = 1)
);
--> statement-breakpoint
CREATE TABLE "measure_series_breaks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_series_breaks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"measure_id" integer NOT NULL,
	"period" date NOT NULL,
	"reason" text NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_series_breaks_measureId_period_unique" UNIQUE("measure_id","period"),
	CONSTRAINT "measure_series_breaks_period_month" CHECK (extract(day from "measure_series_breaks"."period") = 1)
);
--> statement-breakpoint
ALTER TABLE "measures" ADD COLUMN "sample_based" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "measures" ADD COLUMN "spc_signals" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "measures" ADD COLUMN "target_date" date;--> statement-breakpoint
ALTER TABLE "measure_annotations" ADD CONSTRAINT "measure_annotations_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_annotations" ADD CONSTRAINT "measure_annotations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_annotations" ADD CONSTRAINT "measure_annotations_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_series_breaks" ADD CONSTRAINT "measure_series_breaks_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_series_breaks" ADD CONSTRAINT "measure_series_breaks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "measure_annotations_measure_id_period_index" ON "measure_annotations" USING btree ("measure_id","period");