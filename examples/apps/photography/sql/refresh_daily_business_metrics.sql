
BEGIN
    INSERT INTO public.daily_business_metrics (
        metric_date, total_leads, new_leads, converted_leads, total_revenue,
        pending_revenue, session_count, gallery_views
    )
    SELECT
        metric_day,
        (SELECT count(*) FROM public.leads WHERE created_at::date <= metric_day),
        (SELECT count(*) FROM public.leads WHERE created_at::date = metric_day),
        (SELECT count(*) FROM public.leads
          WHERE status = 'converted' AND updated_at::date = metric_day),
        (SELECT coalesce(sum(amount), 0) FROM public.payments
          WHERE status = 'succeeded' AND paid_at::date = metric_day),
        (SELECT coalesce(sum(amount), 0) FROM public.payments WHERE status = 'pending'),
        (SELECT count(*) FROM public.sessions WHERE session_date = metric_day),
        (SELECT count(*) FROM public.gallery_access_log
          WHERE action = 'view' AND accessed_at::date = metric_day)
    ON CONFLICT (metric_date) DO UPDATE SET
        total_leads = EXCLUDED.total_leads,
        new_leads = EXCLUDED.new_leads,
        converted_leads = EXCLUDED.converted_leads,
        total_revenue = EXCLUDED.total_revenue,
        pending_revenue = EXCLUDED.pending_revenue,
        session_count = EXCLUDED.session_count,
        gallery_views = EXCLUDED.gallery_views;
END
