ALTER TABLE "pacticipants" ADD COLUMN "team" text;--> statement-breakpoint
ALTER TABLE "pacticipants" ADD COLUMN "contact" text;