-- The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE at the database, so
-- no code path (and no operator with the app's role) can rewrite history unnoticed.
CREATE OR REPLACE FUNCTION kontor_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON "audit" FOR EACH ROW EXECUTE FUNCTION kontor_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "audit" FOR EACH STATEMENT EXECUTE FUNCTION kontor_audit_append_only();
