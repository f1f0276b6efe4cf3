-- Keeps sim_counts equal to "SELECT key, count(*) FROM sims GROUP BY key" (see db/schema/sims.ts).
-- Statement-level triggers with transition tables: a bulk insert, or a sync that updates 100,000
-- SIMs, does one grouped upsert; an update that changes no counted column changes no counter.
-- Counters are upserted in key order so that concurrent statements lock them in the same order.
CREATE FUNCTION sim_count_session_key(in_session boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN in_session IS NULL THEN 'na' WHEN in_session THEN 'yes' ELSE 'no' END
$$;
--> statement-breakpoint
-- Each branch names only the transition tables its event has: plpgsql plans a statement when it
-- first runs it, so a branch for another event is never planned.
CREATE FUNCTION sim_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO sim_counts AS c (company_key, operator_id, status, sim_type_key, form_factor, session_key, count)
    SELECT coalesce(n.company_id, '00000000-0000-0000-0000-000000000000'::uuid), n.operator_id, n.status,
           coalesce(n.sim_type::text, 'none'), n.form_factor, sim_count_session_key(n.in_session), count(*)
    FROM new_rows n
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (company_key, operator_id, status, sim_type_key, form_factor, session_key)
    DO UPDATE SET count = c.count + excluded.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO sim_counts AS c (company_key, operator_id, status, sim_type_key, form_factor, session_key, count)
    SELECT coalesce(o.company_id, '00000000-0000-0000-0000-000000000000'::uuid), o.operator_id, o.status,
           coalesce(o.sim_type::text, 'none'), o.form_factor, sim_count_session_key(o.in_session), -count(*)
    FROM old_rows o
    GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (company_key, operator_id, status, sim_type_key, form_factor, session_key)
    DO UPDATE SET count = c.count + excluded.count;
  ELSE
    INSERT INTO sim_counts AS c (company_key, operator_id, status, sim_type_key, form_factor, session_key, count)
    SELECT company_key, operator_id, status, sim_type_key, form_factor, session_key, sum(delta) FROM (
      SELECT coalesce(n.company_id, '00000000-0000-0000-0000-000000000000'::uuid), n.operator_id, n.status,
           coalesce(n.sim_type::text, 'none'), n.form_factor, sim_count_session_key(n.in_session), 1 FROM new_rows n
      UNION ALL
      SELECT coalesce(o.company_id, '00000000-0000-0000-0000-000000000000'::uuid), o.operator_id, o.status,
           coalesce(o.sim_type::text, 'none'), o.form_factor, sim_count_session_key(o.in_session), -1 FROM old_rows o
    ) AS d (company_key, operator_id, status, sim_type_key, form_factor, session_key, delta)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (company_key, operator_id, status, sim_type_key, form_factor, session_key)
    DO UPDATE SET count = c.count + excluded.count;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sim_counts_insert AFTER INSERT ON sims
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sim_counts_apply();
--> statement-breakpoint
CREATE TRIGGER sim_counts_update AFTER UPDATE ON sims
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sim_counts_apply();
--> statement-breakpoint
CREATE TRIGGER sim_counts_delete AFTER DELETE ON sims
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sim_counts_apply();
--> statement-breakpoint
-- SIMs that exist before this migration.
INSERT INTO sim_counts (company_key, operator_id, status, sim_type_key, form_factor, session_key, count)
SELECT coalesce(s.company_id, '00000000-0000-0000-0000-000000000000'::uuid), s.operator_id, s.status,
           coalesce(s.sim_type::text, 'none'), s.form_factor, sim_count_session_key(s.in_session), count(*)
FROM sims s
GROUP BY 1, 2, 3, 4, 5, 6;
