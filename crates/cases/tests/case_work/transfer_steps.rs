//! The steps of a transfer as its tests take them, and what each test reads back: the case
//! as a person reads it, the audit entries, the mail, the deadlines, the figures and the
//! tasks.

use diesel::prelude::*;
use hotline_cases::transfers::{answer, propose, AnswerRequest, TransferRequest, TransferView};
use hotline_domain::transfer::TransferMove;
use hotline_store::schema::{audit_entries, case_deadlines, outbox};

use super::*;

pub(super) fn offer(
    scene: &mut Scene,
    by: &str,
    case: &str,
    to: i32,
) -> Result<TransferView, CaseError> {
    offer_at(scene, by, (case, to), Utc::now())
}

pub(super) fn offer_at(
    scene: &mut Scene,
    by: &str,
    (case, to): (&str, i32),
    now: chrono::DateTime<Utc>,
) -> Result<TransferView, CaseError> {
    let caller = scene.caller(by);
    let router = scene.router.clone();
    let request = TransferRequest {
        to_commune_code: i64::from(to),
        reason: "Trẻ chuyển đến ở với bà ngoại".into(),
    };
    propose(&mut scene.conn, &caller, &router, case, &request, now)
}

pub(super) fn reply(
    scene: &mut Scene,
    by: &str,
    (transfer, mv): (&str, TransferMove),
    reason: Option<&str>,
) -> Result<TransferView, CaseError> {
    let caller = scene.caller(by);
    let router = scene.router.clone();
    let request = AnswerRequest {
        reason: reason.map(str::to_owned),
    };
    answer(
        &mut scene.conn,
        &caller,
        &router,
        (transfer, mv),
        &request,
        Utc::now(),
    )
}

/// Why `by` may not give this answer (with no reason).
pub(super) fn refusal(scene: &mut Scene, by: &str, answer: (&str, TransferMove)) -> CaseError {
    match reply(scene, by, answer, None) {
        Err(error) => error,
        Ok(view) => panic!("{by} gave the answer: {view:?}"),
    }
}

/// The case as `username` reads it: (commune, sight, whether the timeline shows `kind`).
pub(super) fn seen(
    scene: &mut Scene,
    username: &str,
    case: &str,
) -> Result<(i32, Option<String>), CaseError> {
    let caller = scene.caller(username);
    read_case(&mut scene.conn, &caller, case, Utc::now()).map(|v| (v.commune_code, v.sight))
}

/// (step, side, province) of the case's `case.transfer` entries, in order.
pub(super) fn transfer_entries(
    scene: &mut Scene,
    case: &str,
) -> Vec<(String, String, Option<i32>)> {
    let rows: Vec<(String, Option<i32>)> = audit_entries::table
        .filter(audit_entries::action.eq("case.transfer"))
        .filter(audit_entries::entity_id.eq(case))
        .order(audit_entries::seq)
        .select((audit_entries::detail, audit_entries::province_code))
        .load(&mut scene.conn)
        .unwrap();
    rows.into_iter()
        .map(|(detail, province)| {
            let d: serde_json::Value = serde_json::from_str(&detail).unwrap();
            (
                d["step"].as_str().unwrap().to_owned(),
                d["side"].as_str().unwrap().to_owned(),
                province,
            )
        })
        .collect()
}

pub(super) fn mailed(scene: &mut Scene, kind: &str) -> Vec<String> {
    let mut to: Vec<String> = outbox::table
        .filter(outbox::kind.eq(kind))
        .select(outbox::recipient)
        .load(&mut scene.conn)
        .unwrap();
    to.sort();
    to
}

pub(super) fn deadlines_of(
    scene: &mut Scene,
    case: &str,
) -> Vec<(String, chrono::NaiveDateTime, String)> {
    case_deadlines::table
        .filter(case_deadlines::case_id.eq(case))
        .order((case_deadlines::kind, case_deadlines::due_at))
        .select((
            case_deadlines::kind,
            case_deadlines::due_at,
            case_deadlines::state,
        ))
        .load(&mut scene.conn)
        .unwrap()
}

/// The summary of the figures `username` reads for this month: (code, count).
pub(super) fn summary(scene: &mut Scene, username: &str) -> std::collections::HashMap<String, i64> {
    use hotline_reports::table::Cell;
    let caller = scene.caller(username);
    let settings =
        hotline_reports::FigureSettings::parse(include_str!("../../../../config/figures.toml"))
            .unwrap();
    let query = hotline_reports::period::PeriodQuery {
        preset: Some("month".into()),
        on: Some(hotline_domain::time::vietnam_date(Utc::now()).to_string()),
        ..Default::default()
    };
    let figures = hotline_reports::read::read_figures(
        &mut scene.conn,
        &caller,
        &query,
        &settings,
        Utc::now(),
    )
    .unwrap();
    figures
        .table("summary")
        .unwrap()
        .rows
        .iter()
        .filter_map(|r| match (&r[0], &r[2]) {
            (Cell::Text(code), Cell::Count(n)) => Some((code.clone(), *n)),
            _ => None,
        })
        .collect()
}

/// The cases of `username`'s tasks to answer a transfer, with when each is due.
pub(super) fn answer_tasks(
    scene: &mut Scene,
    username: &str,
) -> Vec<(String, chrono::DateTime<Utc>)> {
    let caller = scene.caller(username);
    let settings =
        hotline_reports::FigureSettings::parse(include_str!("../../../../config/figures.toml"))
            .unwrap();
    hotline_cases::tasks::list_tasks(&mut scene.conn, &caller, &settings, Utc::now())
        .unwrap()
        .items
        .into_iter()
        .filter(|t| t.kind == hotline_domain::TaskKind::AnswerTransfer)
        .map(|t| (t.case_id, t.due_at))
        .collect()
}
