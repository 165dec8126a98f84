//! A sealed log tampered with through SQL, and each way of it detected.

use super::*;

/// Seal a log with some history, then tamper with it through raw SQL.
pub(super) async fn sealed_log() -> (TestApp, String, i64) {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    for i in 0..6 {
        app.report(&op, &abuse_report(19900, &format!("Child {i}")))
            .await;
        actix_rt::time::sleep(std::time::Duration::from_millis(60)).await;
    }
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let sealed = app.wait_sealed().await;
    let ok = app.get("/api/v1/audit/verify", Some(&sup)).await;
    assert_eq!(ok.body["ok"], true, "{:?}", ok.body);
    (app, sup, sealed)
}

async fn verdict(app: &TestApp, sup: &str) -> Value {
    let r = app.get("/api/v1/audit/verify", Some(sup)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.body["ok"], false,
        "tampering went unnoticed: {:?}",
        r.body
    );
    r.body
}

#[actix_web::test]
async fn a_chain_recomputed_without_the_key_is_detected() {
    use diesel::prelude::*;
    use hotline_store::models::{AuditEntryRow, AuditSealRow};
    use hotline_store::schema::{audit_entries, audit_seals};
    let (app, sup, sealed) = sealed_log().await;
    // Someone who can write the database edits an entry and recomputes every seal, as the
    // chain was computed before seals were keyed (they cannot know the key).
    let target = sealed - 2;
    app.tamper(&format!(
        "UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {target}"
    ));
    let seals: Vec<AuditSealRow> = audit_seals::table
        .order(audit_seals::seal_no)
        .select(AuditSealRow::as_select())
        .load(&mut *app.conn())
        .unwrap();
    let mut prev = hotline_audit::chain::GENESIS.to_owned();
    let mut rewrite = String::new();
    for seal in seals {
        let entries: Vec<AuditEntryRow> = audit_entries::table
            .filter(audit_entries::seq.between(seal.first_seq, seal.last_seq))
            .order(audit_entries::seq)
            .select(AuditEntryRow::as_select())
            .load(&mut *app.conn())
            .unwrap();
        let mut hasher = hotline_audit::chain::BatchHasher::new(&prev);
        entries.iter().for_each(|e| hasher.add(e));
        let locators = hasher.locators().to_owned();
        let hash = hasher.finish(None);
        rewrite.push_str(&format!(
            "UPDATE audit_seals SET prev_hash = '{prev}', hash = '{hash}', entry_digests = '{locators}', keyed = {} WHERE seal_no = {};",
            if hotline_test_db::is_postgres() { "false" } else { "0" },
            seal.seal_no
        ));
        prev = hash;
    }
    app.tamper(&rewrite);
    let v = verdict(&app, &sup).await;
    assert!(v["problem"].as_str().unwrap().contains("not keyed"), "{v}");
}

#[actix_web::test]
async fn an_edited_entry_is_detected() {
    let (app, sup, sealed) = sealed_log().await;
    let target = sealed - 3;
    app.tamper(&format!(
        "UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {target}"
    ));
    let v = verdict(&app, &sup).await;
    let bad = v["first_bad_seq"].as_i64().unwrap();
    assert!(bad <= target, "{v}");
}

#[actix_web::test]
async fn a_deleted_entry_is_detected_exactly() {
    let (app, sup, sealed) = sealed_log().await;
    let target = sealed - 4;
    app.tamper(&format!("DELETE FROM audit_entries WHERE seq = {target}"));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(target), "{v}");
}

#[actix_web::test]
async fn reordered_entries_are_detected() {
    let (app, sup, sealed) = sealed_log().await;
    let (a, b) = (sealed - 2, sealed - 1);
    app.tamper(&format!(
        "UPDATE audit_entries SET seq = -1 WHERE seq = {a}; UPDATE audit_entries SET seq = {a} WHERE seq = {b}; UPDATE audit_entries SET seq = {b} WHERE seq = -1"
    ));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(a), "{v}");
}

#[actix_web::test]
async fn a_forged_backdated_entry_is_detected() {
    let (app, sup, sealed) = sealed_log().await;
    let at = if hotline_test_db::is_postgres() {
        "now() - interval '2 hours'"
    } else {
        "datetime('now', '-2 hours')"
    };
    let forged = sealed + 1000;
    app.tamper(&format!(
        "INSERT INTO audit_entries (seq, at, actor, role, action, entity, entity_id, detail) \
         VALUES ({forged}, {at}, 'op-hue', 'operator', 'case.read', 'case', 'x', '{{}}')"
    ));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(forged), "{v}");
}

#[actix_web::test]
async fn a_truncated_tail_is_detected() {
    let (app, sup, sealed) = sealed_log().await;
    app.tamper(&format!(
        "DELETE FROM audit_entries WHERE seq > {}",
        sealed - 3
    ));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(sealed - 2), "{v}");
}

#[actix_web::test]
async fn the_database_itself_refuses_changes_to_the_log() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    assert!(conn
        .batch_execute("UPDATE audit_entries SET actor = 'x'")
        .is_err());
    assert!(conn.batch_execute("DELETE FROM audit_entries").is_err());
    if hotline_test_db::is_postgres() {
        assert!(conn.batch_execute("TRUNCATE audit_entries").is_err());
    }
    assert_eq!(app.audit_entries().len(), 1);
}
