//! The audit log's figures: how far sealing lags behind writers, and how fast a chain of a
//! given length verifies (after filling the log to that length).

use std::time::{Duration, Instant};

use hotline_store::DbConnection;

use crate::Args;

fn open(args: &Args) -> Result<DbConnection, String> {
    hotline_bench::open(&args.database_url)
}

/// How long entries waited for their seal: for every sealed entry, the seal's time minus the
/// entry's. Waits a few seconds first so the sealer catches up with the end of the load.
pub(super) fn seal_lag(args: &Args) -> Result<String, String> {
    use diesel::prelude::*;
    use hotline_store::schema::{audit_entries, audit_seals};
    std::thread::sleep(Duration::from_secs(3));
    let mut conn = open(args)?;
    let seals: Vec<(i64, chrono::NaiveDateTime)> = audit_seals::table
        .select((audit_seals::last_seq, audit_seals::sealed_at))
        .order(audit_seals::last_seq)
        .load(&mut conn)
        .map_err(|e| e.to_string())?;
    let entries: Vec<(i64, chrono::NaiveDateTime)> = audit_entries::table
        .select((audit_entries::seq, audit_entries::at))
        .order(audit_entries::seq)
        .load(&mut conn)
        .map_err(|e| e.to_string())?;
    let mut lags: Vec<f64> = Vec::with_capacity(entries.len());
    let mut unsealed = 0;
    for (seq, at) in entries {
        match seals.binary_search_by(|(last, _)| last.cmp(&seq)) {
            Ok(i) | Err(i) if i < seals.len() => lags.push((seals[i].1 - at).as_seconds_f64()),
            _ => unsealed += 1,
        }
    }
    lags.sort_by(f64::total_cmp);
    let pick = |p: f64| {
        lags.get(((p / 100.0) * (lags.len().max(1) - 1) as f64).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Ok(format!(
        "seal lag over {} entries: p50={:.2}s p99={:.2}s max={:.2}s ({} seals, {unsealed} not yet sealed)",
        lags.len(),
        pick(50.0),
        pick(99.0),
        lags.last().copied().unwrap_or(0.0),
        seals.len()
    ))
}

/// Add synthetic entries in multi-row inserts, then seal them all.
pub(super) fn fill_audit(args: &Args) -> Result<(), String> {
    use diesel::prelude::*;
    use hotline_store::models::NewAuditEntry;
    use hotline_store::schema::audit_entries;
    let mut conn = open(args)?;
    let started = Instant::now();
    let now = hotline_domain::time::now().naive_utc();
    let mut left = args.verify_entries;
    while left > 0 {
        let n = left.min(1_000);
        let rows: Vec<NewAuditEntry> = (0..n)
            .map(|i| NewAuditEntry {
                at: now,
                actor_id: Some("00000000-0000-4000-8000-000000000000".into()),
                actor: Some("bench".into()),
                role: Some("operator".into()),
                action: "case.read".into(),
                entity: Some("case".into()),
                entity_id: Some(format!("bench-{i}")),
                province_code: Some(46),
                commune_code: Some(19900),
                ip: Some("127.0.0.1".into()),
                detail: r#"{"case_number":"46-2026-000001"}"#.into(),
            })
            .collect();
        hotline_store::per_backend!(&mut conn, |c| diesel::insert_into(audit_entries::table)
            .values(&rows)
            .execute(c))
        .map_err(|e| e.to_string())?;
        left -= n;
    }
    let mut sealer = hotline_audit::Sealer::new("bench", seal_key(args)?);
    loop {
        let max: Option<i64> = audit_entries::table
            .select(diesel::dsl::max(audit_entries::seq))
            .first(&mut conn)
            .map_err(|e| e.to_string())?;
        let sealed: Option<i64> = hotline_store::schema::audit_seals::table
            .select(diesel::dsl::max(
                hotline_store::schema::audit_seals::last_seq,
            ))
            .first(&mut conn)
            .map_err(|e| e.to_string())?;
        if max == sealed {
            break;
        }
        // Competing with the server's own sealer is fine: one of the two seals each batch.
        let _ = sealer.tick(&mut conn, chrono::Utc::now());
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "filled and sealed {} synthetic entries in {:.1}s",
        args.verify_entries,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The seal key of the server under test, from its signing secret.
fn seal_key(args: &Args) -> Result<hotline_audit::SealKey, String> {
    let secret = args.signing_secret.as_deref().ok_or(
        "the audit figures need the server's signing secret (--signing-secret or HOTLINE_JWT_SECRET)",
    )?;
    Ok(hotline_audit::SealKey::derive(secret.as_bytes()))
}

pub(super) fn verify_speed(args: &Args) -> Result<String, String> {
    let mut line = String::new();
    for threads in [
        1,
        std::thread::available_parallelism().map_or(2, |n| n.get()),
    ] {
        let mut conns = (0..threads)
            .map(|_| open(args))
            .collect::<Result<Vec<_>, _>>()?;
        let started = Instant::now();
        let report =
            hotline_audit::verify_with(&mut conns, &seal_key(args)?).map_err(|e| e.to_string())?;
        let secs = started.elapsed().as_secs_f64();
        line.push_str(&format!(
            "audit verify ({threads} connection{}): ok={} {} entries in {} seals, {:.2}s = {:.0} entries/s\n",
            if threads == 1 { "" } else { "s" },
            report.ok,
            report.entries,
            report.seals,
            secs,
            report.entries as f64 / secs.max(1e-9)
        ));
    }
    Ok(line.trim_end().to_owned())
}
