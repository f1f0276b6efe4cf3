-- Keeps sim_label_counts equal to "SELECT label_id, company, status, count(*) FROM sim_labels
-- JOIN sims GROUP BY 1, 2, 3": labels added or removed, and SIMs whose status or company changes.
-- A deleted SIM is taken off before it goes (its label links then cascade away unseen).
-- The SIMs of the changed links are locked first: a link only takes a key-share lock on its SIM,
-- which does not wait for a concurrent status change, and counting under a status another
-- transaction is changing would put the link under the wrong status for good.
CREATE FUNCTION sim_label_counts_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM sims WHERE id IN (SELECT sim_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
    INSERT INTO sim_label_counts AS c (label_id, company_key, status, count)
    SELECT l.label_id, coalesce(s.company_id, '00000000-0000-0000-0000-000000000000'::uuid), s.status, count(*)
    FROM new_rows l JOIN sims s ON s.id = l.sim_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (label_id, company_key, status) DO UPDATE SET count = c.count + excluded.count;
  ELSE
    PERFORM 1 FROM sims WHERE id IN (SELECT sim_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
    INSERT INTO sim_label_counts AS c (label_id, company_key, status, count)
    SELECT l.label_id, coalesce(s.company_id, '00000000-0000-0000-0000-000000000000'::uuid), s.status, -count(*)
    FROM old_rows l JOIN sims s ON s.id = l.sim_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (label_id, company_key, status) DO UPDATE SET count = c.count + excluded.count;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sim_label_counts_insert AFTER INSERT ON sim_labels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sim_label_counts_links();
--> statement-breakpoint
CREATE TRIGGER sim_label_counts_delete AFTER DELETE ON sim_labels
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sim_label_counts_links();
--> statement-breakpoint
CREATE FUNCTION sim_label_counts_sims_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sim_label_counts AS c (label_id, company_key, status, count)
  SELECT label_id, company_key, status, sum(delta) FROM (
    SELECT l.label_id, coalesce(n.company_id, '00000000-0000-0000-0000-000000000000'::uuid), n.status, 1
    FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN sim_labels l ON l.sim_id = n.id
    WHERE o.status IS DISTINCT FROM n.status OR o.company_id IS DISTINCT FROM n.company_id
    UNION ALL
    SELECT l.label_id, coalesce(o.company_id, '00000000-0000-0000-0000-000000000000'::uuid), o.status, -1
    FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN sim_labels l ON l.sim_id = n.id
    WHERE o.status IS DISTINCT FROM n.status OR o.company_id IS DISTINCT FROM n.company_id
  ) AS d (label_id, company_key, status, delta)
  GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (label_id, company_key, status) DO UPDATE SET count = c.count + excluded.count;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sim_label_counts_sims_update AFTER UPDATE ON sims
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sim_label_counts_sims_update();
--> statement-breakpoint
CREATE FUNCTION sim_label_counts_sims_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sim_label_counts c SET count = c.count - 1
  FROM sim_labels l
  WHERE l.sim_id = OLD.id AND c.label_id = l.label_id AND c.status = OLD.status
    AND c.company_key = coalesce(OLD.company_id, '00000000-0000-0000-0000-000000000000'::uuid);
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sim_label_counts_sims_delete BEFORE DELETE ON sims
  FOR EACH ROW EXECUTE FUNCTION sim_label_counts_sims_delete();
--> statement-breakpoint
-- TRUNCATE has no transition tables: emptying either table empties the counters it feeds.
CREATE FUNCTION sim_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'sims' THEN
    DELETE FROM sim_counts;
  END IF;
  DELETE FROM sim_label_counts;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sim_counts_truncate AFTER TRUNCATE ON sims FOR EACH STATEMENT EXECUTE FUNCTION sim_counts_truncate();
--> statement-breakpoint
CREATE TRIGGER sim_label_counts_truncate AFTER TRUNCATE ON sim_labels FOR EACH STATEMENT EXECUTE FUNCTION sim_counts_truncate();
--> statement-breakpoint
-- Links that exist before this migration.
INSERT INTO sim_label_counts (label_id, company_key, status, count)
SELECT l.label_id, coalesce(s.company_id, '00000000-0000-0000-0000-000000000000'::uuid), s.status, count(*)
FROM sim_labels l JOIN sims s ON s.id = l.sim_id
GROUP BY 1, 2, 3;
