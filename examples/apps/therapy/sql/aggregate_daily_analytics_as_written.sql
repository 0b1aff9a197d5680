
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
  -- Additional joins for goal and mood statistics
  WHERE ts.start_time::date = CURRENT_DATE - INTERVAL '1 day'
  GROUP BY ts.user_id
  ON CONFLICT (user_id, date) DO UPDATE SET
    sessions_count = EXCLUDED.sessions_count,
    total_session_minutes = EXCLUDED.total_session_minutes,
    updated_at = NOW();
END;
