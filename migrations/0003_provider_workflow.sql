CREATE TABLE "deployed_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version_id" bigint NOT NULL,
	"pacticipant_id" integer NOT NULL,
	"environment_id" integer NOT NULL,
	"application_instance" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undeployed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "released_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version_id" bigint NOT NULL,
	"pacticipant_id" integer NOT NULL,
	"environment_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	"support_ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "latest_verifications" (
	"pact_version_id" bigint NOT NULL,
	"provider_version_id" bigint NOT NULL,
	"verification_id" bigint NOT NULL,
	"consumer_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"provider_version_order" bigint NOT NULL,
	"success" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "latest_verifications_pact_version_id_provider_version_id_pk" PRIMARY KEY("pact_version_id","provider_version_id")
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pact_version_id" bigint NOT NULL,
	"consumer_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"provider_version_id" bigint NOT NULL,
	"success" boolean NOT NULL,
	"build_url" text,
	"test_results" jsonb,
	"verified_by" jsonb,
	"wip" boolean DEFAULT false NOT NULL,
	"pending" boolean,
	"consumer_version_selectors" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_pacticipant_id_pacticipants_id_fk" FOREIGN KEY ("pacticipant_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployed_versions" ADD CONSTRAINT "deployed_versions_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "released_versions" ADD CONSTRAINT "released_versions_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "released_versions" ADD CONSTRAINT "released_versions_pacticipant_id_pacticipants_id_fk" FOREIGN KEY ("pacticipant_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "released_versions" ADD CONSTRAINT "released_versions_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_verifications" ADD CONSTRAINT "latest_verifications_pact_version_id_pact_versions_id_fk" FOREIGN KEY ("pact_version_id") REFERENCES "public"."pact_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_verifications" ADD CONSTRAINT "latest_verifications_provider_version_id_versions_id_fk" FOREIGN KEY ("provider_version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latest_verifications" ADD CONSTRAINT "latest_verifications_verification_id_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."verifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_pact_version_id_pact_versions_id_fk" FOREIGN KEY ("pact_version_id") REFERENCES "public"."pact_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_consumer_id_pacticipants_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_provider_id_pacticipants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verifications" ADD CONSTRAINT "verifications_provider_version_id_versions_id_fk" FOREIGN KEY ("provider_version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deployed_versions_uuid_idx" ON "deployed_versions" USING btree ("uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "deployed_versions_current_slot_idx" ON "deployed_versions" USING btree ("environment_id","pacticipant_id",coalesce("application_instance", '')) WHERE "deployed_versions"."undeployed_at" is null;--> statement-breakpoint
CREATE INDEX "deployed_versions_current_pacticipant_idx" ON "deployed_versions" USING btree ("pacticipant_id") WHERE "deployed_versions"."undeployed_at" is null;--> statement-breakpoint
CREATE INDEX "deployed_versions_version_idx" ON "deployed_versions" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "released_versions_uuid_idx" ON "released_versions" USING btree ("uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "released_versions_version_environment_idx" ON "released_versions" USING btree ("version_id","environment_id");--> statement-breakpoint
CREATE INDEX "released_versions_supported_environment_idx" ON "released_versions" USING btree ("environment_id","pacticipant_id") WHERE "released_versions"."support_ended_at" is null;--> statement-breakpoint
CREATE INDEX "released_versions_supported_pacticipant_idx" ON "released_versions" USING btree ("pacticipant_id") WHERE "released_versions"."support_ended_at" is null;--> statement-breakpoint
CREATE INDEX "latest_verifications_provider_version_idx" ON "latest_verifications" USING btree ("provider_version_id");--> statement-breakpoint
CREATE INDEX "latest_verifications_verification_idx" ON "latest_verifications" USING btree ("verification_id");--> statement-breakpoint
CREATE INDEX "latest_verifications_pact_version_order_idx" ON "latest_verifications" USING btree ("pact_version_id","provider_version_order");--> statement-breakpoint
CREATE INDEX "verifications_pact_version_provider_version_idx" ON "verifications" USING btree ("pact_version_id","provider_version_id","id");--> statement-breakpoint
CREATE INDEX "verifications_provider_version_idx" ON "verifications" USING btree ("provider_version_id");--> statement-breakpoint
CREATE INDEX "verifications_provider_idx" ON "verifications" USING btree ("provider_id","id");--> statement-breakpoint
CREATE INDEX "verifications_consumer_idx" ON "verifications" USING btree ("consumer_id");--> statement-breakpoint
CREATE INDEX "verifications_success_idx" ON "verifications" USING btree ("pact_version_id","created_at") WHERE "verifications"."success";--> statement-breakpoint
CREATE INDEX "verifications_success_non_wip_idx" ON "verifications" USING btree ("pact_version_id","created_at") WHERE "verifications"."success" and not "verifications"."wip";