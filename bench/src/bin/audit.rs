//! `hotline-audit-bench`: how the audit log answers a supervisor when it holds millions of
//! entries. Fills the log up to `--entries` entries straight into its tables, as two years of
//! a province's work would leave them: a few hundred users, case reads, lists and searches that
//! name up to 25 cases each, moves, referrals and sign-ins, every case entry indexed under its
//! cases; then seals them. Then, over HTTP as the province's supervisor, times a case's trail,
//! a user's day and the newest entries (`--requests` each; prints p50, p95, max), and times
//! `audit verify` over the whole log and resumed after 10,000 new entries.

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use clap::Parser;
use diesel::prelude::*;
use hotline_bench::pick;
use hotline_bench::timing::{print_table, sign_in};
use hotline_store::models::NewAuditEntry;
use hotline_store::schema::{audit_entries, audit_entry_cases, audit_seals};
use hotline_store::{per_backend, write_transaction, DbConnection, StoreError};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Parser, Debug)]
#[command(about = "A supervisor's audit trail and audit verify over a large log")]
struct Args {
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The server's database.
    #[arg(long)]
    database_url: String,
    /// Fill the log up to this many entries first.
    #[arg(long, default_value_t = 10_000_000)]
    entries: i64,
    /// Only time `audit verify` (the log is filled and the queries timed already).
    #[arg(long)]
    verify_only: bool,
    /// Timed requests per query (after 5 untimed); 0: only fill (with the server stopped,
    /// whose seals would date the generated history as backdated).
    #[arg(long, default_value_t = 100)]
    requests: usize,
    /// The server's signing secret, from which the seal key is derived.
    #[arg(long, env = "HOTLINE_JWT_SECRET", hide_env_values = true)]
    signing_secret: String,
}

const SUPERVISOR: &str = "ab-sup";
const PROVINCE: i32 = 46;
/// Users who write the log, and cases its entries name.
const USERS: u64 = 300;
const CASES: u64 = 200_000;

/// What users do, by share (per mille), and how many cases an entry of it names.
/// (The fill's SQL draws from the same shares, by the running number of the entry.)
const ACTIONS: &[((&str, &str, u32), u32)] = &[
    (("case.read", "operator", 1), 450),
    (("case.list", "operator", 10), 150),
    (("report.create", "operator", 1), 100),
    (("case.update", "case_worker", 1), 150),
    (("referral.accept", "agency_officer", 1), 80),
    (("auth.login", "operator", 0), 70),
];

/// Seconds between two entries of the fill: ten million entries span two years.
const STEP_SECS: i64 = 6;

fn user_name(k: u64) -> String {
    format!("ab-user-{k:03}")
}

fn case_id(k: u64) -> String {
    format!("ab-case-{k:06}")
}

/// One batch of entries at `start`, one every `step`, and the cases each names.
fn batch(
    rng: &mut StdRng,
    first: i64,
    n: i64,
    (start, step): (NaiveDateTime, Duration),
) -> (Vec<NewAuditEntry>, Vec<Vec<String>>) {
    let mut entries = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    let mut named = Vec::with_capacity(entries.capacity());
    for i in first..first + n {
        let (action, role, cases) = *pick(rng, ACTIONS);
        let user = rng.random_range(0..USERS);
        let ids: Vec<String> = (0..cases)
            .map(|_| case_id(rng.random_range(0..CASES)))
            .collect();
        let at = start + step * u32::try_from(i).unwrap_or(u32::MAX);
        entries.push(NewAuditEntry {
            at,
            actor_id: Some(format!("00000000-0000-4000-8000-{user:012}")),
            actor: Some(user_name(user)),
            role: Some(role.into()),
            action: action.into(),
            entity: (cases > 0).then(|| "case".into()),
            entity_id: (cases == 1).then(|| ids[0].clone()),
            province_code: Some(PROVINCE),
            commune_code: Some(19_900 + i32::try_from(user % 40).unwrap_or(0)),
            ip: Some("192.0.2.7".into()),
            detail: r#"{"case_number":"46-2025-001234"}"#.into(),
        });
        named.push(ids);
    }
    (entries, named)
}

/// Append the batch and index its entries under their cases, in one transaction (the bench
/// is the only writer while it fills, so the new entries are the highest seqs, in order).
fn write(
    conn: &mut DbConnection,
    entries: &[NewAuditEntry],
    named: &[Vec<String>],
) -> Result<(), StoreError> {
    write_transaction(conn, |conn| {
        let before: Option<i64> = audit_entries::table
            .select(diesel::dsl::max(audit_entries::seq))
            .first(conn)?;
        for chunk in entries.chunks(1_000) {
            per_backend!(&mut *conn, |c| diesel::insert_into(audit_entries::table)
                .values(chunk)
                .execute(c))?;
        }
        let seqs: Vec<i64> = audit_entries::table
            .filter(audit_entries::seq.gt(before.unwrap_or(0)))
            .order(audit_entries::seq)
            .select(audit_entries::seq)
            .load(conn)?;
        let mut rows: Vec<_> = Vec::new();
        for (seq, ids) in seqs.iter().zip(named) {
            let mut ids = ids.clone();
            ids.sort();
            ids.dedup();
            rows.extend(ids.into_iter().map(|id| {
                (
                    audit_entry_cases::case_id.eq(id),
                    audit_entry_cases::seq.eq(*seq),
                )
            }));
        }
        for chunk in rows.chunks(5_000) {
            per_backend!(&mut *conn, |c| diesel::insert_into(
                audit_entry_cases::table
            )
            .values(chunk.to_vec())
            .execute(c))?;
        }
        Ok(())
    })
}

/// The SQL that appends entries `$1` to `$2` (running numbers) at `$3` plus six seconds
/// each, and the SQL that indexes those after seq `$1` under their cases, for `conn`'s backend:
/// generated in the database, which writes them a hundred times faster than rows sent one
/// batch at a time. Users, actions and cases are drawn from the running number by
/// multiplicative hashing, with the shares of [`ACTIONS`].
fn fill_sql(conn: &DbConnection) -> (String, String) {
    let pg = matches!(conn, DbConnection::Pg(_));
    let (series, pad, at, first) = if pg {
        (
            "SELECT generate_series($1::bigint, $2::bigint - 1) AS i",
            "lpad(({x})::text, {n}, '0')",
            "$3::timestamp + (i * 6) * interval '1 second'",
            "$1",
        )
    } else {
        (
            "WITH RECURSIVE s(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM s WHERE i < ?2 - 1) \
             SELECT i FROM s",
            "printf('%0{n}d', {x})",
            "strftime('%Y-%m-%d %H:%M:%f', ?3, '+' || (i * 6) || ' seconds')",
            "?1",
        )
    };
    let padded = |x: &str, n: usize| pad.replace("{x}", x).replace("{n}", &n.to_string());
    let user = "(i * 7919) % 300";
    let case = padded("(i * 104729) % 200000", 6);
    let action = "CASE WHEN a < 450 THEN 'case.read' WHEN a < 600 THEN 'case.list' \
                  WHEN a < 700 THEN 'report.create' WHEN a < 850 THEN 'case.update' \
                  WHEN a < 930 THEN 'referral.accept' ELSE 'auth.login' END";
    let role = "CASE WHEN a < 700 OR a >= 930 THEN 'operator' WHEN a < 850 THEN 'case_worker' \
                ELSE 'agency_officer' END";
    let entries = format!(
        "INSERT INTO audit_entries (at, actor_id, actor, role, action, entity, entity_id, \
         province_code, commune_code, ip, detail) \
         SELECT {at}, '00000000-0000-4000-8000-' || {actor_id}, 'ab-user-' || {actor}, \
         {role}, {action}, CASE WHEN a < 930 THEN 'case' END, \
         CASE WHEN a < 930 AND (a < 450 OR a >= 600) THEN 'ab-case-' || {case} END, \
         {PROVINCE}, 19900 + ({user}) % 40, '192.0.2.7', '{{\"case_number\":\"46-2025-001234\"}}' \
         FROM (SELECT i, (i * 2654435761) % 1000 AS a FROM ({series}) n) g ORDER BY i",
        actor_id = padded(user, 12),
        actor = padded(user, 3),
    );
    let listed = padded("(seq * 31 + j * 7907) % 200000", 6);
    let tens = if pg {
        "SELECT generate_series(0, 9) AS j".to_owned()
    } else {
        "WITH RECURSIVE t(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM t WHERE j < 9) \
         SELECT j FROM t"
            .to_owned()
    };
    let cases = format!(
        "INSERT INTO audit_entry_cases (case_id, seq) \
         SELECT entity_id, seq FROM audit_entries WHERE seq > {first} AND entity_id IS NOT NULL \
         UNION ALL \
         SELECT 'ab-case-' || {listed}, seq FROM audit_entries, ({tens}) js \
         WHERE seq > {first} AND action = 'case.list'"
    );
    (entries, cases)
}

fn fill(args: &Args, conn: &mut DbConnection) -> Result<(), String> {
    use diesel::sql_types::{BigInt, Timestamp};
    let have: i64 = audit_entries::table
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    let start = Utc::now().naive_utc() - chrono::Duration::seconds(args.entries * STEP_SECS);
    let (entries_sql, cases_sql) = fill_sql(conn);
    if have < args.entries {
        seal_all(args, conn, SealedAt::At(start))?;
    }
    let started = Instant::now();
    let mut n = have;
    while n < args.entries {
        let upto = (n + 500_000).min(args.entries);
        write_transaction(conn, |conn| {
            let before: Option<i64> = audit_entries::table
                .select(diesel::dsl::max(audit_entries::seq))
                .first(conn)?;
            let entries = diesel::sql_query(&entries_sql)
                .bind::<BigInt, _>(n)
                .bind::<BigInt, _>(upto)
                .bind::<Timestamp, _>(start);
            per_backend!(&mut *conn, |c| entries.clone().execute(c))?;
            let cases = diesel::sql_query(&cases_sql).bind::<BigInt, _>(before.unwrap_or(0));
            per_backend!(&mut *conn, |c| cases.clone().execute(c))?;
            Ok::<_, StoreError>(())
        })
        .map_err(|e| e.to_string())?;
        n = upto;
        let rate = (n - have) as f64 / started.elapsed().as_secs_f64();
        eprintln!("{n} entries ({rate:.0}/s)");
    }
    if n > have {
        eprintln!(
            "filled {} entries in {:.0} s",
            n - have,
            started.elapsed().as_secs_f64()
        );
        hotline_bench::analyze(conn)?;
    }
    seal_all(args, conn, SealedAt::TheirEntries)
}

/// When the seals of a fill are dated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SealedAt {
    /// Now, as the server seals what it writes.
    Now,
    /// At the start of the generated history: the entries written before the fill (the
    /// setup's `config.load`), which the history follows in the chain.
    At(NaiveDateTime),
    /// At the last entry each seal covers, as the server would have sealed the generated
    /// history as it was written: a seal dated now, before entries dated two years back,
    /// would make them backdated forgeries to `audit verify`.
    TheirEntries,
}

/// Seal every entry.
fn seal_all(args: &Args, conn: &mut DbConnection, dated: SealedAt) -> Result<(), String> {
    let started = Instant::now();
    let mut sealer = hotline_audit::Sealer::new("audit-bench", seal_key(args));
    loop {
        let max: Option<i64> = audit_entries::table
            .select(diesel::dsl::max(audit_entries::seq))
            .first(conn)
            .map_err(|e| e.to_string())?;
        let sealed: Option<i64> = audit_seals::table
            .select(diesel::dsl::max(audit_seals::last_seq))
            .first(conn)
            .map_err(|e| e.to_string())?;
        if max == sealed {
            break;
        }
        let now = match dated {
            SealedAt::Now => None,
            SealedAt::At(at) => Some(at),
            SealedAt::TheirEntries => {
                let after = sealed.unwrap_or(0);
                audit_entries::table
                    .filter(audit_entries::seq.gt(after))
                    .filter(audit_entries::seq.le(after + hotline_audit::sealer::MAX_BATCH))
                    .select(diesel::dsl::max(audit_entries::at))
                    .first::<Option<NaiveDateTime>>(conn)
                    .map_err(|e| e.to_string())?
            }
        };
        let now = now.map_or_else(Utc::now, |at| at.and_utc());
        if let Err(e) = sealer.tick(conn, now) {
            eprintln!("sealing: {e}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    eprintln!("sealed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn seal_key(args: &Args) -> hotline_audit::SealKey {
    hotline_audit::SealKey::derive(args.signing_secret.as_bytes())
}

/// `audit verify` as the CLI runs it (one connection per core), whole and then resumed.
fn verify_speed(args: &Args) -> Result<(), String> {
    let key = seal_key(args);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut conns = (0..cores)
        .map(|_| hotline_bench::open(&args.database_url))
        .collect::<Result<Vec<_>, _>>()?;
    let started = Instant::now();
    let report = hotline_audit::verify_with(&mut conns, &key).map_err(|e| e.to_string())?;
    let whole = started.elapsed();
    if !report.ok {
        return Err(format!(
            "audit verify, whole log: failed at seq {:?}: {} (was the server running during \
             the fill? its seals, dated now, make the generated history backdated)",
            report.first_bad_seq,
            report.problem.unwrap_or_default()
        ));
    }
    hotline_audit::checkpoint::record(&mut conns[0], &key, &report, Utc::now())
        .map_err(|e| e.to_string())?;
    let mut rng = StdRng::seed_from_u64(99);
    let now = Utc::now().naive_utc();
    let (entries, named) = batch(&mut rng, 0, 10_000, (now, Duration::from_millis(1)));
    write(&mut conns[0], &entries, &named).map_err(|e| e.to_string())?;
    seal_all(args, &mut conns[0], SealedAt::Now)?;
    let started = Instant::now();
    let resumed = hotline_audit::verify_resuming(&mut conns, &key).map_err(|e| e.to_string())?;
    let took = started.elapsed();
    println!(
        "audit verify, whole log ({} entries, {} seals, {cores} connections): {:.1} s ({:.0}/s)",
        report.entries,
        report.seals,
        whole.as_secs_f64(),
        report.entries as f64 / whole.as_secs_f64()
    );
    println!(
        "audit verify, resumed after 10,000 new entries (from seal {:?}, ok {}): {:.0} ms",
        resumed.resumed_from_seal,
        resumed.ok,
        took.as_secs_f64() * 1000.0
    );
    hotline_audit::checkpoint::record(&mut conns[0], &key, &resumed, Utc::now())
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// A query's parameters, drawn afresh for each request.
type QueryOf = Box<dyn Fn(&mut StdRng) -> String>;

async fn measure(args: &Args) -> Result<(), String> {
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(120))
        .finish();
    let token = sign_in(&client, &args.url, SUPERVISOR).await?;
    let mut rng = StdRng::seed_from_u64(3);
    let day = (Utc::now() - chrono::Duration::days(100)).date_naive();
    let queries: Vec<(&str, QueryOf)> = vec![
        (
            "a case's trail",
            Box::new(|rng: &mut StdRng| format!("case_id={}", case_id(rng.random_range(0..CASES)))),
        ),
        (
            "a user's day",
            Box::new(move |rng: &mut StdRng| {
                format!(
                    "actor={}&from={day}T00:00:00Z&to={day}T23:59:59Z",
                    user_name(rng.random_range(0..USERS))
                )
            }),
        ),
        (
            "one action over a week",
            Box::new(move |_: &mut StdRng| {
                let to = day + chrono::Duration::days(7);
                format!("action=referral.accept&from={day}T00:00:00Z&to={to}T00:00:00Z")
            }),
        ),
        (
            "newest entries, page 1",
            Box::new(|_: &mut StdRng| String::new()),
        ),
    ];
    let table = (args.requests, "GET /api/v1/audit (supervisor)");
    print_table((&client, &token), table, queries, |query| {
        format!("{}/api/v1/audit?{}", args.url, query(&mut rng))
    })
    .await
}

fn main() -> std::process::ExitCode {
    let database: fn(&Args) -> &str = |args| &args.database_url;
    hotline_bench::main_with_supervisor((SUPERVISOR, database), |args, conn| {
        if !args.verify_only {
            fill(args, conn)?;
            if args.requests == 0 {
                return Ok(());
            }
            actix_rt::System::new().block_on(measure(args))?;
        }
        verify_speed(args)
    })
}
