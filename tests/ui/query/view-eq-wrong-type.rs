use schemata::query::Selectable;
use schemata::View;

#[derive(View)]
#[view(sql = "SELECT coach_id, count(*) AS sessions FROM sessions GROUP BY coach_id")]
struct CoachLoad {
    coach_id: uuid::Uuid,
    sessions: i64,
}

fn main() {
    let _ = CoachLoad::select().cond_where(CoachLoad::SESSIONS.eq("many"));
}
