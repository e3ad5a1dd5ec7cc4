-- Every publish locked each matching webhook's row once per triggered row through this foreign key (FOR KEY SHARE,
-- shared by concurrent publishes): a cost that grew with the webhooks. Deleting webhooks still deletes their triggered
-- webhooks, once per statement, by the trigger below (also when a pacticipant's deletion cascades to its webhooks).
ALTER TABLE "triggered_webhooks" DROP CONSTRAINT "triggered_webhooks_webhook_id_webhooks_id_fk";--> statement-breakpoint
CREATE FUNCTION "delete_triggered_webhooks_of_deleted_webhooks"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "triggered_webhooks" t USING "deleted_webhooks" d WHERE t."webhook_id" = d."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "webhooks_delete_triggered_webhooks" AFTER DELETE ON "webhooks" REFERENCING OLD TABLE AS "deleted_webhooks"
  FOR EACH STATEMENT EXECUTE FUNCTION "delete_triggered_webhooks_of_deleted_webhooks"();
