CREATE TABLE "money_by_month" (
	"region" text,
	"priority_area" text,
	"is_public" boolean NOT NULL,
	"source" text NOT NULL,
	"month" date NOT NULL,
	"planned_kzt" bigint DEFAULT 0 NOT NULL,
	"disbursed_kzt" bigint DEFAULT 0 NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "money_by_month_cell_unique" UNIQUE NULLS NOT DISTINCT("region","priority_area","is_public","source","month")
);
--> statement-breakpoint
CREATE TABLE "partnership_money" (
	"partnership_id" uuid NOT NULL,
	"source" text NOT NULL,
	"planned_kzt" bigint DEFAULT 0 NOT NULL,
	"disbursed_kzt" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "partnership_money_partnership_id_source_pk" PRIMARY KEY("partnership_id","source")
);
--> statement-breakpoint
ALTER TABLE "partnership_money" ADD CONSTRAINT "partnership_money_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_tranches_planned_date_idx" ON "partnership_tranches" USING btree ("planned_date");--> statement-breakpoint
-- Triggers keep partnership_money and money_by_month exact in the transaction that changes the money:
-- each statement's rows (transition tables) are added once as signed deltas, grouped and upserted in
-- key order so two writers lock summary rows in the same order.
-- `entries` is +1 per row added, -1 per row removed (the sign of the change, not of the amount).
CREATE FUNCTION money_summaries_add(ids uuid[], sources text[], days date[], planned bigint[], disbursed bigint[], entries integer[]) RETURNS void LANGUAGE sql AS $$
  WITH delta AS (
    SELECT d.partnership_id, d.source, date_trunc('month', d.day::timestamp)::date AS month, d.planned, d.disbursed, d.entries, p.region, p.priority_area, p.is_public
    FROM unnest(ids, sources, days, planned, disbursed, entries) AS d(partnership_id, source, day, planned, disbursed, entries)
    JOIN partnerships p ON p.id = d.partnership_id
  ), per_partnership AS (
    INSERT INTO partnership_money AS m (partnership_id, source, planned_kzt, disbursed_kzt)
    SELECT partnership_id, source, sum(planned), sum(disbursed) FROM delta GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (partnership_id, source) DO UPDATE SET planned_kzt = m.planned_kzt + excluded.planned_kzt, disbursed_kzt = m.disbursed_kzt + excluded.disbursed_kzt
  )
  INSERT INTO money_by_month AS c (region, priority_area, is_public, source, month, planned_kzt, disbursed_kzt, entries)
  SELECT region, priority_area, is_public, source, month, sum(planned), sum(disbursed), sum(entries) FROM delta GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT money_by_month_cell_unique DO UPDATE
    SET planned_kzt = c.planned_kzt + excluded.planned_kzt, disbursed_kzt = c.disbursed_kzt + excluded.disbursed_kzt, entries = c.entries + excluded.entries
$$;
--> statement-breakpoint
-- Both summaries from the rows themselves: the backfill below, and after a TRUNCATE.
CREATE FUNCTION money_summaries_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM partnership_money;
  DELETE FROM money_by_month;
  SELECT money_summaries_add(array_agg(partnership_id), array_agg(source), array_agg(day), array_agg(planned), array_agg(disbursed), array_agg(1))
  FROM (
    SELECT partnership_id, source, planned_date AS day, planned_amount_kzt AS planned, 0::bigint AS disbursed FROM partnership_tranches
    UNION ALL
    SELECT partnership_id, source, disbursed_on, 0, amount_kzt FROM disbursements
  ) money;
$$;
--> statement-breakpoint
CREATE FUNCTION partnership_tranches_money() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM money_summaries_add(array_agg(partnership_id), array_agg(source), array_agg(planned_date), array_agg(planned_amount_kzt), array_agg(0::bigint), array_agg(1)) FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM money_summaries_add(array_agg(partnership_id), array_agg(source), array_agg(planned_date), array_agg(-planned_amount_kzt), array_agg(0::bigint), array_agg(-1)) FROM old_rows;
  ELSE
    PERFORM money_summaries_add(array_agg(partnership_id), array_agg(source), array_agg(planned_date), array_agg(amount), array_agg(0::bigint), array_agg(entry))
    FROM (SELECT partnership_id, source, planned_date, planned_amount_kzt AS amount, 1 AS entry FROM new_rows
          UNION ALL SELECT partnership_id, source, planned_date, -planned_amount_kzt, -1 FROM old_rows) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION disbursements_money() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM money_summaries_add(array_agg(partnership_id), array_agg(source), array_agg(disbursed_on), array_agg(0::bigint), array_agg(amount_kzt), array_agg(1)) FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM money_summaries_add(array_agg(partnership_id), array_agg(source), array_agg(disbursed_on), array_agg(0::bigint), array_agg(-amount_kzt), array_agg(-1)) FROM old_rows;
  ELSE
    PERFORM money_summaries_add(array_agg(partnership_id), array_agg(source), array_agg(disbursed_on), array_agg(0::bigint), array_agg(amount), array_agg(entry))
    FROM (SELECT partnership_id, source, disbursed_on, amount_kzt AS amount, 1 AS entry FROM new_rows
          UNION ALL SELECT partnership_id, source, disbursed_on, -amount_kzt, -1 FROM old_rows) changed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A partnership's region, area or publicity moves its money to other money_by_month rows; a deleted
-- partnership's money leaves them before its tranches and payments go (their triggers then find no
-- partnership and add nothing; its partnership_money rows go by the foreign key).
CREATE FUNCTION partnerships_money() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.region, OLD.priority_area, OLD.is_public) IS NOT DISTINCT FROM (NEW.region, NEW.priority_area, NEW.is_public) THEN
    RETURN NEW;
  END IF;
  INSERT INTO money_by_month AS c (region, priority_area, is_public, source, month, planned_kzt, disbursed_kzt, entries)
  SELECT OLD.region, OLD.priority_area, OLD.is_public, source, month, -sum(planned), -sum(disbursed), -count(*)
  FROM (
    SELECT source, date_trunc('month', planned_date::timestamp)::date AS month, planned_amount_kzt AS planned, 0::bigint AS disbursed FROM partnership_tranches WHERE partnership_id = OLD.id
    UNION ALL
    SELECT source, date_trunc('month', disbursed_on::timestamp)::date, 0, amount_kzt FROM disbursements WHERE partnership_id = OLD.id
  ) money GROUP BY source, month ORDER BY source, month
  ON CONFLICT ON CONSTRAINT money_by_month_cell_unique DO UPDATE
    SET planned_kzt = c.planned_kzt + excluded.planned_kzt, disbursed_kzt = c.disbursed_kzt + excluded.disbursed_kzt, entries = c.entries + excluded.entries;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  INSERT INTO money_by_month AS c (region, priority_area, is_public, source, month, planned_kzt, disbursed_kzt, entries)
  SELECT NEW.region, NEW.priority_area, NEW.is_public, source, month, sum(planned), sum(disbursed), count(*)
  FROM (
    SELECT source, date_trunc('month', planned_date::timestamp)::date AS month, planned_amount_kzt AS planned, 0::bigint AS disbursed FROM partnership_tranches WHERE partnership_id = NEW.id
    UNION ALL
    SELECT source, date_trunc('month', disbursed_on::timestamp)::date, 0, amount_kzt FROM disbursements WHERE partnership_id = NEW.id
  ) money GROUP BY source, month ORDER BY source, month
  ON CONFLICT ON CONSTRAINT money_by_month_cell_unique DO UPDATE
    SET planned_kzt = c.planned_kzt + excluded.planned_kzt, disbursed_kzt = c.disbursed_kzt + excluded.disbursed_kzt, entries = c.entries + excluded.entries;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE FUNCTION money_summaries_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM money_summaries_rebuild();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER partnership_tranches_money_insert AFTER INSERT ON partnership_tranches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION partnership_tranches_money();
--> statement-breakpoint
CREATE TRIGGER partnership_tranches_money_update AFTER UPDATE ON partnership_tranches REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION partnership_tranches_money();
--> statement-breakpoint
CREATE TRIGGER partnership_tranches_money_delete AFTER DELETE ON partnership_tranches REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION partnership_tranches_money();
--> statement-breakpoint
CREATE TRIGGER disbursements_money_insert AFTER INSERT ON disbursements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION disbursements_money();
--> statement-breakpoint
CREATE TRIGGER disbursements_money_update AFTER UPDATE ON disbursements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION disbursements_money();
--> statement-breakpoint
CREATE TRIGGER disbursements_money_delete AFTER DELETE ON disbursements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION disbursements_money();
--> statement-breakpoint
-- Before a delete: after it, the foreign keys' cascade (which fires first) has already removed the rows to subtract.
CREATE TRIGGER partnerships_money_delete BEFORE DELETE ON partnerships FOR EACH ROW EXECUTE FUNCTION partnerships_money();
--> statement-breakpoint
CREATE TRIGGER partnerships_money_update AFTER UPDATE ON partnerships FOR EACH ROW EXECUTE FUNCTION partnerships_money();
--> statement-breakpoint
CREATE TRIGGER money_summaries_truncate AFTER TRUNCATE ON partnership_tranches FOR EACH STATEMENT EXECUTE FUNCTION money_summaries_after_truncate();
--> statement-breakpoint
CREATE TRIGGER money_summaries_truncate AFTER TRUNCATE ON disbursements FOR EACH STATEMENT EXECUTE FUNCTION money_summaries_after_truncate();
--> statement-breakpoint
CREATE TRIGGER money_summaries_truncate AFTER TRUNCATE ON partnerships FOR EACH STATEMENT EXECUTE FUNCTION money_summaries_after_truncate();
--> statement-breakpoint
SELECT money_summaries_rebuild();
