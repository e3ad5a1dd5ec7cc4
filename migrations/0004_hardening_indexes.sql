DROP INDEX "latest_pact_publications_pact_version_idx";--> statement-breakpoint
CREATE INDEX "latest_pact_publications_pact_version_order_idx" ON "latest_pact_publications" USING btree ("pact_version_id","consumer_version_order");--> statement-breakpoint
CREATE INDEX "deployed_versions_pacticipant_idx" ON "deployed_versions" USING btree ("pacticipant_id");--> statement-breakpoint
CREATE INDEX "deployed_versions_environment_idx" ON "deployed_versions" USING btree ("environment_id");--> statement-breakpoint
CREATE INDEX "released_versions_pacticipant_idx" ON "released_versions" USING btree ("pacticipant_id");--> statement-breakpoint
CREATE INDEX "released_versions_environment_idx" ON "released_versions" USING btree ("environment_id");--> statement-breakpoint
CREATE INDEX "verifications_pact_version_id_idx" ON "verifications" USING btree ("pact_version_id","id");