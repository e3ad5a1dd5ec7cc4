-- The official CLI's help tells users to expect `test` and `production` on a new broker.
INSERT INTO "environments" ("name", "display_name", "production") VALUES ('test', 'Test', false) ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "environments" ("name", "display_name", "production") VALUES ('production', 'Production', true) ON CONFLICT DO NOTHING;
