//! What the benchmarks share: the report they log, and writing one straight through the
//! store code the endpoint uses (the direct-write ceiling, and filling a database).

use hotline_auth::Principal;
use hotline_intake::dto::ReportRequest;
use hotline_intake::record::{insert_all, prepare, Services};
use hotline_intake::validate::validate_report;
use hotline_store::models::CommuneRow;
use hotline_store::{write_transaction, DbConnection, StoreError};
use serde_json::{json, Value};

pub mod timing;

/// Report `n` of a run: an online sexual-exploitation case in Thuận An (Huế), with content
/// still online, so that it is routed to four agencies. With `same`, every report shares
/// its URL, child and caller.
pub fn report_body(n: u64, same: bool) -> Value {
    let n = if same { 0 } else { n };
    json!({
        "channel": "hotline_111",
        "contact_type": "abuse_report",
        "categories": ["online_sexual_exploitation"],
        "emergency": false,
        "risk_level": "high",
        "place": {"commune_code": 19900, "detail": "gần trường tiểu học"},
        "children": [{"name": format!("Nguyễn Thị Bench {n}"), "birth_year": 2012, "sex": "female"}],
        "informant": {"consent_to_store": false, "relation": "parent", "phone": format!("09{:08}", n % 100_000_000)},
        "narrative": "Người lạ nhắn tin dụ dỗ qua mạng xã hội. ".repeat(10),
        "online": {"platform": "facebook", "urls": [format!("https://www.facebook.com/x{n}")], "still_online": true}
    })
}

/// Write report `n` as the endpoint does (the lookups first, then one write transaction),
/// audited as `audit_as` when given.
pub fn write_report(
    conn: &mut DbConnection,
    with: Services<'_>,
    (principal, commune): (&Principal, &CommuneRow),
    n: u64,
    same: bool,
    audit_as: Option<&hotline_audit::Actor>,
) -> Result<(), String> {
    write_body(
        conn,
        with,
        (principal, commune),
        report_body(n, same),
        audit_as,
    )
}

/// Write one report of `body` as the endpoint does.
pub fn write_body(
    conn: &mut DbConnection,
    with: Services<'_>,
    (principal, commune): (&Principal, &CommuneRow),
    body: Value,
    audit_as: Option<&hotline_audit::Actor>,
) -> Result<(), String> {
    let now = hotline_domain::time::now();
    let request = serde_json::from_value::<ReportRequest>(body).map_err(|e| e.to_string())?;
    let report = validate_report(&request, now).map_err(|e| format!("{e:?}"))?;
    let prepared =
        prepare(conn, with, principal, &report, Some(commune)).map_err(|e| e.to_string())?;
    write_transaction(conn, |c| {
        insert_all(c, with, principal, &prepared, now, audit_as)?;
        Ok::<_, StoreError>(())
    })
    .map_err(|e| e.to_string())
}

/// The vault of the database the server runs on, so that what a bench writes directly is
/// sealed and indexed as the server would: its master key is HOTLINE_MASTER_KEY, or the
/// key file the embedded default keeps (`data/master.key`).
pub fn server_vault(
    conn: &mut DbConnection,
) -> Result<std::sync::Arc<hotline_vault::Vault>, String> {
    let secret = match std::env::var("HOTLINE_MASTER_KEY") {
        Ok(key) => key.into_bytes(),
        Err(_) => std::fs::read("data/master.key")
            .map_err(|e| format!("set HOTLINE_MASTER_KEY to the server's master key ({e})"))?,
    };
    let master = hotline_vault::MasterKey::from_secret(secret.trim_ascii())
        .map_err(|e| format!("HOTLINE_MASTER_KEY: {e}"))?;
    hotline_vault::open_keyring(
        conn,
        master,
        |_| Ok(Vec::new()),
        None,
        chrono::Utc::now().naive_utc(),
    )
    .map(std::sync::Arc::new)
    .map_err(|e| e.to_string())
}

/// How a province's cases stand after some years, by weight (most closed, a few set aside).
pub const STATUS_SPREAD: &[(hotline_domain::CaseStatus, u32)] = &[
    (hotline_domain::CaseStatus::Closed, 55),
    (hotline_domain::CaseStatus::Intervening, 15),
    (hotline_domain::CaseStatus::Planning, 8),
    (hotline_domain::CaseStatus::Verifying, 7),
    (hotline_domain::CaseStatus::New, 5),
    (hotline_domain::CaseStatus::NoAction, 8),
    (hotline_domain::CaseStatus::Duplicate, 2),
];

/// A bench's exit: its error on standard error, and failure.
pub fn exit_code(run: Result<(), String>) -> std::process::ExitCode {
    match run {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// One of `weighted`, drawn by weight.
pub fn pick<'a, T>(rng: &mut rand::rngs::StdRng, weighted: &'a [(T, u32)]) -> &'a T {
    use rand::Rng;
    let total: u32 = weighted.iter().map(|w| w.1).sum();
    let mut at = rng.random_range(0..total);
    for (value, weight) in weighted {
        if at < *weight {
            return value;
        }
        at -= weight;
    }
    &weighted[0].0
}

/// A random id shaped like a UUIDv4, from the fill's seeded generator (reproducible runs).
pub fn random_id(rng: &mut rand::rngs::StdRng) -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rng.random();
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// Multi-row inserts of `rows` into `table`, in chunks small enough for PostgreSQL's 65,535
/// parameters; `?` on the first error.
#[macro_export]
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks(1_000) {
            hotline_store::per_backend!(&mut *$conn, |c| diesel::insert_into($table)
                .values(chunk.to_vec())
                .execute(c))?;
        }
    };
}

/// Supervisor `username` of Huế's child-protection department, signing in with
/// [`timing::PASSWORD`] (set again on every run, so a user an older bench created still
/// signs in); returns the user's id and the agency's.
pub fn ensure_supervisor(
    conn: &mut DbConnection,
    username: &str,
) -> Result<(String, String), String> {
    ensure_user(conn, (username, "supervisor"), "hue-cpd")
}

/// User `username` of `role` in agency `agency_code`, created or given the bench's password:
/// its id and its agency's.
pub fn ensure_user(
    conn: &mut DbConnection,
    (username, role): (&str, &str),
    agency_code: &str,
) -> Result<(String, String), String> {
    use hotline_store::queries::{agencies, users};
    use rand::SeedableRng;
    let agency = agencies::by_code(conn, agency_code)
        .map_err(|e| e.to_string())?
        .ok_or(format!(
            "agency {agency_code} missing: run `hotline migrate`"
        ))?;
    let hash = hotline_auth::password::hash(timing::PASSWORD).map_err(|e| e.to_string())?;
    if let Some(user) = users::by_username(conn, username).map_err(|e| e.to_string())? {
        users::set_password_hash(conn, &user.id, &hash).map_err(|e| e.to_string())?;
        return Ok((user.id, agency.id));
    }
    let seed = username
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let row = hotline_store::models::UserRow::new(
        random_id(&mut rand::rngs::StdRng::seed_from_u64(seed)),
        username,
        role,
        Some(agency.id.clone()),
        hash,
        chrono::Utc::now().naive_utc(),
    );
    users::insert(conn, &row).map_err(|e| e.to_string())?;
    Ok((row.id, agency.id))
}

/// A bench's `main`: `run` with the command line's arguments and a connection to the
/// database `database_url` names, where the bench's supervisor `username` is ready to sign
/// in; a failure is printed and sets the exit code.
pub fn main_with_supervisor<A: clap::Parser>(
    (username, database_url): (&str, fn(&A) -> &str),
    run: impl FnOnce(&A, &mut DbConnection) -> Result<(), String>,
) -> std::process::ExitCode {
    let args = A::parse();
    exit_code(
        open_with_supervisor(database_url(&args), username)
            .and_then(|mut conn| run(&args, &mut conn)),
    )
}

/// A connection to the database at `url`, with the bench's supervisor `username` ready to
/// sign in.
pub fn open_with_supervisor(url: &str, username: &str) -> Result<DbConnection, String> {
    let mut conn = open(url)?;
    ensure_supervisor(&mut conn, username)?;
    Ok(conn)
}

/// A connection to the database at `url`.
pub fn open(url: &str) -> Result<DbConnection, String> {
    let url = hotline_store::DatabaseUrl::parse(url).map_err(|e| e.to_string())?;
    DbConnection::open(&url).map_err(|e| e.to_string())
}

/// A connection for filling a database in bulk: on SQLite, a page cache large enough for the
/// indexes a report writes to (the default 2 MB sends every insert to the kernel for pages),
/// and no fsync per commit (a fill that stops is run again). PostgreSQL as it is.
pub fn open_for_fill(url: &str) -> Result<DbConnection, String> {
    let mut conn = open(url)?;
    if let DbConnection::Sqlite(c) = &mut conn {
        use diesel::connection::SimpleConnection;
        c.batch_execute("PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF;")
            .map_err(|e| e.to_string())?;
    }
    Ok(conn)
}

/// Refresh the planner's statistics after a fill, as a database that grew by itself would have
/// them (PostgreSQL also marks the new rows visible, for index-only scans).
pub fn analyze(conn: &mut DbConnection) -> Result<(), String> {
    use diesel::RunQueryDsl;
    let analyze = match conn {
        DbConnection::Pg(_) => "VACUUM ANALYZE",
        DbConnection::Sqlite(_) => "ANALYZE",
    };
    hotline_store::per_backend!(&mut *conn, |c| diesel::sql_query(analyze).execute(c))
        .map_err(|e| e.to_string())?;
    Ok(())
}
