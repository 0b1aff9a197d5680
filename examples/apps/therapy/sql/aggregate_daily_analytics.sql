
BEGIN
  INSERT INTO public.user_behavior_analytics (
    user_id, date, sessions_count, total_session_minutes,
    goals_created, goals_completed, mood_entries, average_mood,
    engagement_score
  )
  SELECT 
    ts.user_id,
    CURRENT_DATE - INTERVAL '1 day',
    COUNT(ts.id)::INTEGER,
    COALESCE(SUM(EXTRACT(EPOCH FROM (ts.end_time - ts.start_time))/60), 0)::INTEGER,
    COALESCE(goal_stats.goals_created, 0),
    COALESCE(goal_stats.goals_completed, 0),
    COALESCE(mood_stats.mood_entries, 0),
    COALESCE(mood_stats.average_mood, 0),
    CASE WHEN COUNT(ts.id) > 0 THEN LEAST(1.0, COUNT(ts.id) * 0.2) ELSE 0 END
  FROM public.therapy_sessions ts
  -- The joins the write-up elides ("Additional joins for goal and mood statistics").
  LEFT JOIN LATERAL (
    SELECT COUNT(*)::INTEGER AS goals_created,
           COUNT(*) FILTER (WHERE g.is_completed)::INTEGER AS goals_completed
    FROM public.goals g
    WHERE g.user_id = ts.user_id AND g.created_at::date = CURRENT_DATE - 1
  ) goal_stats ON TRUE
  LEFT JOIN LATERAL (
    SELECT COUNT(s.mood_after)::INTEGER AS mood_entries,
           AVG(s.mood_after) AS average_mood
    FROM public.therapy_sessions s
    WHERE s.user_id = ts.user_id AND s.start_time::date = CURRENT_DATE - 1
  ) mood_stats ON TRUE
  WHERE ts.start_time::date = CURRENT_DATE - INTERVAL '1 day'
  GROUP BY ts.user_id, goal_stats.goals_created, goal_stats.goals_completed,
    mood_stats.mood_entries, mood_stats.average_mood
  ON CONFLICT (user_id, date) DO UPDATE SET
    sessions_count = EXCLUDED.sessions_count,
    total_session_minutes = EXCLUDED.total_session_minutes,
    updated_at = NOW();
END;
