//! `hotline-figures-bench`: how long the year's figures take over a large database. Fills
//! the database up to `--cases` synthetic cases of one province and year, with a realistic
//! spread (abuse types, communes, children's ages and sexes, emergencies, referrals answered
//! in time or late, deadlines met and missed, contacts that open no case), written straight
//! into the tables in batches. The database's triggers mark every day written; the bench
//! folds them into the daily counts (timed: what the first read after a bulk load pays),
//! then counts the year's figures for the province `--runs` times as they stand, and
//! `--runs` times again each after one case has changed (the fold of its day included), and
//! prints each time, the median and the slowest.

use std::time::Instant;

use chrono::NaiveDate;
use clap::Parser;
use diesel::prelude::*;
use hotline_reports::period::{resolve, PeriodQuery};
use hotline_reports::scope::FigureScope;
use hotline_reports::FigureSettings;
use hotline_store::queries::figures::Area;
use hotline_store::queries::plan_activities::Whose;
use hotline_store::schema::cases;
use hotline_store::{DatabaseUrl, DbConnection};
use rand::rngs::StdRng;
use rand::SeedableRng;

#[derive(Parser, Debug)]
#[command(about = "Time of the year's figures over a large database")]
struct Args {
    /// The database (already migrated and loaded: run `hotline migrate` first).
    #[arg(long)]
    database_url: String,
    /// Fill the province's year up to this many cases first.
    #[arg(long, default_value_t = 1_000_000)]
    cases: i64,
    #[arg(long, default_value_t = 46)]
    province: i32,
    #[arg(long, default_value_t = 2026)]
    year: i32,
    /// Cases written per transaction.
    #[arg(long, default_value_t = 2_000)]
    batch: usize,
    /// Timed counts of the year's figures.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, default_value = "config/figures.toml")]
    figures_file: std::path::PathBuf,
}

mod generate;

use generate::{case_rows, world, write, Batch};

fn main() -> Result<(), String> {
    let args = Args::parse();
    let url = DatabaseUrl::parse(&args.database_url).map_err(|e| e.to_string())?;
    let mut conn = DbConnection::open(&url).map_err(|e| e.to_string())?;
    let w = world(&mut conn, args.province)?;
    let prefix = format!("{:02}-{}-B%", args.province, args.year);
    let have: i64 = cases::table
        .filter(cases::case_number.like(&prefix))
        .count()
        .get_result(&mut conn)
        .map_err(|e| e.to_string())?;
    let mut rng = StdRng::seed_from_u64(have as u64 + 1);
    let started = Instant::now();
    let mut n = have;
    while n < args.cases {
        let mut batch = Batch::default();
        let upto = (n + args.batch as i64).min(args.cases);
        for k in n..upto {
            case_rows(&mut rng, &w, k, args.year, args.province, &mut batch);
        }
        write(&mut conn, &batch).map_err(|e| e.to_string())?;
        n = upto;
        if n % 50_000 < args.batch as i64 {
            let rate = (n - have) as f64 / started.elapsed().as_secs_f64();
            eprintln!("{n} cases ({rate:.0}/s)");
        }
    }
    if n > have {
        eprintln!(
            "filled {} cases in {:.0} s",
            n - have,
            started.elapsed().as_secs_f64()
        );
        if let DbConnection::Pg(c) = &mut conn {
            diesel::sql_query("VACUUM ANALYZE")
                .execute(c)
                .map_err(|e| e.to_string())?;
        }
    }

    let settings = FigureSettings::load(&args.figures_file).map_err(|e| e.to_string())?;
    let query = PeriodQuery {
        preset: Some("year".into()),
        on: Some(format!("{}-06-01", args.year)),
        ..PeriodQuery::default()
    };
    let period = resolve(
        &query,
        NaiveDate::from_ymd_opt(args.year, 12, 31).unwrap_or_default(),
        &settings,
    )
    .map_err(|e| format!("{e:?}"))?;
    let scope = FigureScope {
        cases: Some(Area::Province(args.province)),
        activities: Whose::Area(Area::Province(args.province)),
    };
    let t = Instant::now();
    let days = hotline_reports::daily::fold(&mut conn).map_err(|e| e.to_string())?;
    println!(
        "fold: {days} days recomputed in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    if let DbConnection::Pg(c) = &mut conn {
        // What autovacuum does after the fold deleted the fill's marks.
        diesel::sql_query("VACUUM ANALYZE figure_dirty, figure_counts")
            .execute(c)
            .map_err(|e| e.to_string())?;
    }
    let now = hotline_domain::time::now();
    let mut clean = Vec::new();
    for run in 0..args.runs {
        let t = Instant::now();
        let figures = hotline_reports::figures::count(&mut conn, &scope, &period, &settings, now)
            .map_err(|e| e.to_string())?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let children = figures
            .table("summary")
            .and_then(|s| s.count("children_abused", "count"))
            .unwrap_or_default();
        println!(
            "run {}: {ms:.0} ms ({} tables, {children} children)",
            run + 1,
            figures.tables.len()
        );
        clean.push(ms);
    }
    report("year report", args.province, n, &mut clean);
    let ids: Vec<String> = cases::table
        .filter(cases::case_number.like(&prefix))
        .select(cases::id)
        .order(cases::id)
        .limit(args.runs as i64)
        .load(&mut conn)
        .map_err(|e| e.to_string())?;
    let mut changed = Vec::new();
    for (run, id) in ids.iter().enumerate() {
        // A legal outcome recorded (or changed): the trigger marks the case's day.
        let outcome: Option<String> = cases::table
            .find(id)
            .select(cases::legal_outcome)
            .first(&mut conn)
            .map_err(|e| e.to_string())?;
        let next = match outcome.as_deref() {
            Some("criminal_case") => "administrative_penalty",
            _ => "criminal_case",
        };
        diesel::update(cases::table.find(id))
            .set(cases::legal_outcome.eq(Some(next)))
            .execute(&mut conn)
            .map_err(|e| e.to_string())?;
        let t = Instant::now();
        let days = hotline_reports::daily::fold(&mut conn).map_err(|e| e.to_string())?;
        let fold_ms = t.elapsed().as_secs_f64() * 1000.0;
        hotline_reports::figures::count(&mut conn, &scope, &period, &settings, now)
            .map_err(|e| e.to_string())?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "run {} after a change: {ms:.0} ms ({days} days folded in {fold_ms:.0} ms)",
            run + 1
        );
        changed.push(ms);
    }
    report("year report after a change", args.province, n, &mut changed);
    Ok(())
}

fn report(what: &str, province: i32, cases: i64, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    if let (Some(median), Some(max)) = (times.get(times.len() / 2), times.last()) {
        println!(
            "{what}, province {province} ({cases} cases in the year): median {median:.0} ms, slowest {max:.0} ms"
        );
    }
}
