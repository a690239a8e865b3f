-- The status rule of lib/measures/status.ts (statusOf) in SQL, so that dashboards can count
-- statuses where the data is. The two are kept equal by tests/integration/status-sql.test.ts.
CREATE OR REPLACE FUNCTION measure_status(value numeric, target numeric, direction direction, tolerance_pct numeric)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL THEN 'no_data'
    WHEN target IS NULL OR direction = 'neither' THEN 'no_target'
    WHEN direction = 'higher_better' THEN
      CASE
        WHEN value >= target THEN 'on_target'
        WHEN value >= target - abs(target) * greatest(tolerance_pct, 0) / 100 THEN 'within_tolerance'
        ELSE 'off_target'
      END
    ELSE
      CASE
        WHEN value <= target THEN 'on_target'
        WHEN value <= target + abs(target) * greatest(tolerance_pct, 0) / 100 THEN 'within_tolerance'
        ELSE 'off_target'
      END
  END
$$;
