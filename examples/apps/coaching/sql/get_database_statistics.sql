
SELECT s.table_name,
       s.estimated_rows,
       pg_size_pretty(pg_total_relation_size(format('public.%I', s.table_name)::regclass)),
       s.index_count,
       s.policy_count
FROM public.database_schema_summary s
ORDER BY s.table_name
