-- Issue 13, items 6 and 16.
--
-- 1. Stored reports remember what they used: `inputs` lists the indicators and routes whose figures, alerts or
--    forecasts a report shows, with their classification and sharing when it was generated
--    ([{"kind":"indicator"|"route","id":…,"code":…,"classification":…,"sharedWithOrgIds":[…]}]). A report is
--    readable only by those who may read every one of its inputs NOW (src/modules/reports/reports.sql.ts), so a
--    later reclassification hides it; the restrictive policy below repeats that rule for passage_app. Reports
--    stored before this migration get every indicator with a route breakdown and every route of their
--    dialogue that they may have shown (the report's own indicator and route, and for a route report the key
--    figures of all route indicators; for a whole-dialogue report all routes): hiding an old report from
--    someone who could have read it is the safe mistake.
-- 2. Jobs get a lease: `locked_until` (claim expiry, renewed by the worker's heartbeat) and `heartbeat_at`. A job
--    left 'running' by a dead worker is claimed again once its lease expires (src/jobs/queue.ts).

ALTER TABLE reports ADD COLUMN inputs jsonb NOT NULL DEFAULT '[]';

UPDATE reports r SET inputs = (
  SELECT coalesce(jsonb_agg(x.input ORDER BY x.kind, x.id), '[]'::jsonb) FROM (
    SELECT 'indicator' AS kind, i.id, jsonb_build_object('kind', 'indicator', 'id', i.id, 'code', i.code,
        'classification', i.classification, 'sharedWithOrgIds', to_jsonb(i.shared_with_org_ids)) AS input
      FROM indicators i
      WHERE i.dialogue_id = r.dialogue_id
        AND (i.code = r.indicator OR (r.route <> '_T' AND 'route' = ANY(i.breakdowns)))
    UNION ALL
    SELECT 'route', ro.id, jsonb_build_object('kind', 'route', 'id', ro.id, 'code', ro.code,
        'classification', ro.classification, 'sharedWithOrgIds', to_jsonb(ro.shared_with_org_ids))
      FROM routes ro
      WHERE ro.dialogue_id = r.dialogue_id AND (r.route = '_T' OR ro.code = r.route)
  ) x);

-- Every input must still be visible: the sub-selects on indicators and routes are themselves filtered by those
-- tables' row-level security, so an input the caller may no longer see is simply missing.
CREATE FUNCTION app_report_inputs_visible(inputs jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM jsonb_to_recordset(inputs) AS x(kind text, id integer)
    WHERE (x.kind = 'indicator' AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.id = x.id))
       OR (x.kind = 'route' AND NOT EXISTS (SELECT 1 FROM routes ro WHERE ro.id = x.id))
       OR x.kind NOT IN ('indicator', 'route'))
$$;

CREATE POLICY reports_inputs_visible ON reports AS RESTRICTIVE FOR SELECT TO passage_app
  USING (app_report_inputs_visible(inputs));

ALTER TABLE jobs ADD COLUMN locked_until timestamptz, ADD COLUMN heartbeat_at timestamptz;
-- Jobs running when this migration ran (their worker is the old code, without heartbeats): treat their claim as
-- a two-minute lease from when it was taken.
UPDATE jobs SET locked_until = locked_at + interval '120 seconds', heartbeat_at = locked_at
  WHERE status = 'running';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE status = 'running';
