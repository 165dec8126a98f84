//! Step records as a commune group writes them, valid against today's date.

use chrono::{Duration, Utc};
use serde_json::{json, Value};

fn today() -> chrono::NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

pub fn verification() -> Value {
    let c = |level: &str| json!({"level": level, "note": "Theo lời kể của trẻ và gia đình."});
    json!({
        "confirmed": true,
        "child_safety": "Trẻ đang ở cùng bà ngoại, an toàn tạm thời.",
        "criteria": {"harm": c("high"), "abuser_access": c("medium"),
                     "care_environment": c("medium"), "self_protection": c("high")},
        "initial_risk": "high",
    })
}

pub fn assessment() -> Value {
    json!({
        "physical_state": "Không có thương tích.",
        "psychological_state": "Trẻ lo âu, ngại nói chuyện với người lạ.",
        "caregivers": "Bà ngoại chăm sóc chu đáo.",
        "caregivers_can_protect": true,
        "needs": [{"domain": "psychological", "description": "Tư vấn tâm lý"}],
        "risk": "medium",
    })
}

pub fn plan() -> Value {
    json!({
        "goals": ["Trẻ an toàn trên mạng và ổn định tâm lý"],
        "actions": [{"description": "Tư vấn tâm lý 4 buổi", "responsible": "Trung tâm CTXH",
                     "service": "psychological", "due": (today() + Duration::days(30)).to_string()}],
        "next_review": (today() + Duration::days(14)).to_string(),
    })
}

pub fn review(decision: &str) -> Value {
    let next = (decision == "continue").then(|| (today() + Duration::days(30)).to_string());
    json!({
        "reviewed_on": today().to_string(),
        "actions": [{"action": 1, "status": "done"}],
        "situation": "Trẻ đã ổn định, đi học đều.",
        "risk_now": "low",
        "decision": decision,
        "next_review": next,
    })
}
