-- A published revision is what the public read: it is never changed or removed. A correction is a
-- new revision. Refuse UPDATE, DELETE and TRUNCATE, whoever asks (a superuser can still set
-- session_replication_role = replica for maintenance, which tests use to clean up).
CREATE OR REPLACE FUNCTION report_revisions_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'report_revisions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER report_revisions_no_update_delete BEFORE UPDATE OR DELETE ON report_revisions
  FOR EACH ROW EXECUTE FUNCTION report_revisions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER report_revisions_no_truncate BEFORE TRUNCATE ON report_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION report_revisions_refuse_change();
