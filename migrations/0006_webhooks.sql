CREATE TABLE "webhooks" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" text NOT NULL,
	"description" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"consumer_id" integer,
	"consumer_label" text,
	"provider_id" integer,
	"provider_label" text,
	"events" text[] NOT NULL,
	"request" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_consumer_id_pacticipants_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_provider_id_pacticipants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."pacticipants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "webhooks_uuid_idx" ON "webhooks" USING btree ("uuid");--> statement-breakpoint
CREATE INDEX "webhooks_consumer_id_idx" ON "webhooks" USING btree ("consumer_id");--> statement-breakpoint
CREATE INDEX "webhooks_provider_id_idx" ON "webhooks" USING btree ("provider_id");