CREATE TABLE "triggered_webhooks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" integer NOT NULL,
	"webhook_uuid" text NOT NULL,
	"event_name" text NOT NULL,
	"consumer_name" text NOT NULL,
	"provider_name" text NOT NULL,
	"consumer_version_number" text,
	"pact_version_sha" text NOT NULL,
	"provider_version_number" text,
	"verification_id" integer,
	"status" text DEFAULT 'queued' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "triggered_webhooks" ADD CONSTRAINT "triggered_webhooks_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "triggered_webhooks_uuid_idx" ON "triggered_webhooks" USING btree ("uuid");--> statement-breakpoint
CREATE INDEX "triggered_webhooks_webhook_id_idx" ON "triggered_webhooks" USING btree ("webhook_id");