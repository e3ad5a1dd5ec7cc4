CREATE TABLE "write_stripes" (
	"stripe" smallint PRIMARY KEY NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL
);--> statement-breakpoint
-- The 16 stripes src/db/write-stamp.ts bumps (pg_backend_pid() % 16).
INSERT INTO "write_stripes" ("stripe") SELECT generate_series(0, 15) ON CONFLICT DO NOTHING;
