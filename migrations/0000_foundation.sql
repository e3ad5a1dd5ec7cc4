CREATE SEQUENCE "public"."version_order_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "labels" (
	"pacticipant_id" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labels_pacticipant_id_name_pk" PRIMARY KEY("pacticipant_id","name")
);
--> statement-breakpoint
CREATE TABLE "pacticipants" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"display_name" text,
	"repository_url" text,
	"repository_name" text,
	"repository_namespace" text,
	"main_branch" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "branch_heads" (
	"branch_id" integer PRIMARY KEY NOT NULL,
	"branch_version_id" bigint NOT NULL,
	"version_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "branch_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"branch_id" integer NOT NULL,
	"version_id" bigint NOT NULL,
	"version_order" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "branches" (
	"id" serial PRIMARY KEY NOT NULL,
	"pacticipant_id" integer NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"version_id" bigint NOT NULL,
	"name" text NOT NULL,
	"pacticipant_id" integer NOT NULL,
	"version_order" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "tags_version_id_name_pk" PRIMARY KEY("version_id","name")
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pacticipant_id" integer NOT NULL,
	"number" text NOT NULL,
	"order" bigint DEFAULT nextval('version_order_seq') NOT NULL,
	"build_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"consumer_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contract_data_updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integrations_consumer_id_provider_id_pk" PRIMARY KEY("consumer_id","provider_id")
);
--> statement-breakpoint
CREATE TABLE "latest_pact_publications" (
	"consumer_version_id" bigint NOT NULL,
	"provider_id" integer NOT NULL,
	"consumer_id" integer NOT NULL,
	"consumer_version_order" bigint NOT NULL,
	"pact_publication_id" bigint NOT NULL,
	"pact_version_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "latest_pact_publications_consumer_version_id_provider_id_pk" PRIMARY KEY("consumer_version_id","provider_id")
);
--> statement-breakpoint
CREATE TABLE "pact_publications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consumer_version_id" bigint NOT NULL,
	"provider_id" integer NOT NULL,
	"consumer_id" integer NOT NULL,
	"revision_number" integer NOT NULL,
	"pact_version_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pact_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"consumer_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"sha" text NOT NULL,
	"content" text NOT NULL,
	"interaction_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "environments" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"display_name" text,
	"production" boolean DEFAULT false NOT NULL,
	"contacts" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_pacticipant_id_pacticipants_id_fk" FOREIGN KEY ("pacticipant_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_heads" ADD CONSTRAINT "branch_heads_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_heads" ADD CONSTRAINT "branch_heads_branch_version_id_branch_versions_id_fk" FOREIGN KEY ("branch_version_id") REFERENCES "public"."branch_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_heads" ADD CONSTRAINT "branch_heads_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_versions" ADD CONSTRAINT "branch_versions_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branch_versions" ADD CONSTRAINT "branch_versions_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "branches" ADD CONSTRAINT "branches_pacticipant_id_pacticipants_id_fk" FOREIGN KEY ("pacticipant_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_pacticipant_id_pacticipants_id_fk" FOREIGN KEY ("pacticipant_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_pacticipant_id_pacticipants_id_fk" FOREIGN KEY ("pacticipant_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_consumer_id_pacticipants_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_provider_id_pacticipants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_pact_publications" ADD CONSTRAINT "latest_pact_publications_consumer_version_id_versions_id_fk" FOREIGN KEY ("consumer_version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_pact_publications" ADD CONSTRAINT "latest_pact_publications_provider_id_pacticipants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_pact_publications" ADD CONSTRAINT "latest_pact_publications_consumer_id_pacticipants_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_pact_publications" ADD CONSTRAINT "latest_pact_publications_pact_publication_id_pact_publications_id_fk" FOREIGN KEY ("pact_publication_id") REFERENCES "public"."pact_publications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_pact_publications" ADD CONSTRAINT "latest_pact_publications_pact_version_id_pact_versions_id_fk" FOREIGN KEY ("pact_version_id") REFERENCES "public"."pact_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pact_publications" ADD CONSTRAINT "pact_publications_consumer_version_id_versions_id_fk" FOREIGN KEY ("consumer_version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pact_publications" ADD CONSTRAINT "pact_publications_provider_id_pacticipants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pact_publications" ADD CONSTRAINT "pact_publications_consumer_id_pacticipants_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pact_publications" ADD CONSTRAINT "pact_publications_pact_version_id_pact_versions_id_fk" FOREIGN KEY ("pact_version_id") REFERENCES "public"."pact_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pact_versions" ADD CONSTRAINT "pact_versions_consumer_id_pacticipants_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pact_versions" ADD CONSTRAINT "pact_versions_provider_id_pacticipants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "labels_name_idx" ON "labels" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "pacticipants_name_idx" ON "pacticipants" USING btree ("name");--> statement-breakpoint
CREATE INDEX "pacticipants_lower_name_idx" ON "pacticipants" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "branch_heads_version_idx" ON "branch_heads" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "branch_versions_branch_version_idx" ON "branch_versions" USING btree ("branch_id","version_id");--> statement-breakpoint
CREATE INDEX "branch_versions_branch_order_idx" ON "branch_versions" USING btree ("branch_id","version_order");--> statement-breakpoint
CREATE INDEX "branch_versions_version_idx" ON "branch_versions" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "branches_pacticipant_name_idx" ON "branches" USING btree ("pacticipant_id","name");--> statement-breakpoint
CREATE INDEX "tags_pacticipant_name_order_idx" ON "tags" USING btree ("pacticipant_id","name","version_order");--> statement-breakpoint
CREATE UNIQUE INDEX "versions_pacticipant_number_idx" ON "versions" USING btree ("pacticipant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "versions_pacticipant_order_idx" ON "versions" USING btree ("pacticipant_id","order");--> statement-breakpoint
CREATE INDEX "integrations_provider_idx" ON "integrations" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "latest_pact_publications_integration_order_idx" ON "latest_pact_publications" USING btree ("consumer_id","provider_id","consumer_version_order");--> statement-breakpoint
CREATE INDEX "latest_pact_publications_provider_order_idx" ON "latest_pact_publications" USING btree ("provider_id","consumer_version_order");--> statement-breakpoint
CREATE INDEX "latest_pact_publications_pact_version_idx" ON "latest_pact_publications" USING btree ("pact_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pact_publications_cv_provider_revision_idx" ON "pact_publications" USING btree ("consumer_version_id","provider_id","revision_number");--> statement-breakpoint
CREATE INDEX "pact_publications_pact_version_idx" ON "pact_publications" USING btree ("pact_version_id");--> statement-breakpoint
CREATE INDEX "pact_publications_provider_idx" ON "pact_publications" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "pact_publications_consumer_idx" ON "pact_publications" USING btree ("consumer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pact_versions_consumer_provider_sha_idx" ON "pact_versions" USING btree ("consumer_id","provider_id","sha");--> statement-breakpoint
CREATE INDEX "pact_versions_provider_idx" ON "pact_versions" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "environments_uuid_idx" ON "environments" USING btree ("uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "environments_name_idx" ON "environments" USING btree ("name");