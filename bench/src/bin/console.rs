//! `hotline-console-bench`: how long the console's pages take with a large database. Fills
//! the database through the store code the endpoint uses up to `--cases` cases (all in one
//! commune, the worst case for that commune's worker), creates a user per role, signs each in
//! through the sign-in form, and requests each role's pages one after another; prints p50,
//! p95 and max per page, and the page's size.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use diesel::prelude::*;
use hotline_auth::Principal;
use hotline_bench::{report_body, write_body};
use hotline_routing::Router;
use hotline_store::models::UserRow;
use hotline_store::queries::{agencies, places, users};
use hotline_store::schema::cases;
use hotline_store::DbConnection;

#[derive(Parser, Debug)]
#[command(about = "Server time of the console's pages with a large database")]
struct Args {
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The server's database.
    #[arg(long)]
    database_url: String,
    /// Fill the database up to this many cases first.
    #[arg(long, default_value_t = 100_000)]
    cases: i64,
    /// Writer threads filling it.
    #[arg(long, default_value_t = 4)]
    writers: usize,
    /// Timed requests per page (after 5 untimed).
    #[arg(long, default_value_t = 100)]
    requests: usize,
    #[arg(long, default_value = "config/routing.toml")]
    routing_file: std::path::PathBuf,
    #[arg(long, default_value = "config/holidays.toml")]
    holidays_file: std::path::PathBuf,
}

const PASSWORD: &str = "console bench password";

/// The workers of Thuận An's group who manage its cases (a case in eleven has no manager).
const MANAGERS: [&str; 10] = [
    "cb-w0", "cb-w1", "cb-w2", "cb-w3", "cb-w4", "cb-w5", "cb-w6", "cb-w7", "cb-w8", "cb-w9",
];

/// The bench's user of each role, created once.
fn ensure_users(conn: &mut DbConnection) -> Result<(), String> {
    let hash = hotline_auth::password::hash(PASSWORD).map_err(|e| e.to_string())?;
    let workers = MANAGERS.map(|w| (w, "commune_worker", Some("cp-19900")));
    for (name, role, agency) in [
        ("cb-op", "operator", Some("hue-hotline")),
        ("cb-cw", "commune_worker", Some("cp-19900")),
        ("cb-chair", "commune_chair", Some("cp-19900")),
        ("cb-police", "police", Some("hue-police")),
        ("cb-sup", "supervisor", Some("hue-cpd")),
        ("cb-admin", "admin", None),
    ]
    .into_iter()
    .chain(workers)
    {
        if users::by_username(conn, name)
            .map_err(|e| e.to_string())?
            .is_some()
        {
            continue;
        }
        let agency_id = match agency {
            Some(code) => Some(
                agencies::by_code(conn, code)
                    .map_err(|e| e.to_string())?
                    .ok_or(format!("agency {code} missing"))?
                    .id,
            ),
            None => None,
        };
        let row = UserRow::new(
            uuid_like(name),
            name,
            role,
            agency_id,
            hash.clone(),
            chrono::Utc::now().naive_utc(),
        );
        users::insert(conn, &row).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A stable id per bench user, shaped like a UUID.
fn uuid_like(name: &str) -> String {
    let mut bytes = [0u8; 16];
    for (i, b) in name.bytes().enumerate() {
        bytes[i % 16] ^= b;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn count_cases(conn: &mut DbConnection) -> Result<i64, String> {
    cases::table
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())
}

/// Add cases until there are `target`.
fn fill(args: &Args) -> Result<(), String> {
    let mut conn = hotline_bench::open(&args.database_url)?;
    let have = count_cases(&mut conn)?;
    if have >= args.cases {
        println!("database holds {have} cases already");
        return Ok(());
    }
    let user = users::by_username(&mut conn, "cb-op")
        .map_err(|e| e.to_string())?
        .ok_or("cb-op missing")?;
    let principal = Principal::load(&mut conn, &user.id).map_err(|e| e.to_string())?;
    let commune = places::commune(&mut conn, 19900)
        .map_err(|e| e.to_string())?
        .ok_or("commune 19900 missing")?;
    let router =
        Arc::new(Router::load(&args.routing_file, &args.holidays_file).map_err(|e| e.to_string())?);
    // Numbers past any earlier run's, so that every report stays distinct.
    let next = Arc::new(AtomicU64::new(have.unsigned_abs() + 1_000_000));
    let left = Arc::new(AtomicU64::new((args.cases - have).unsigned_abs()));
    let started = Instant::now();
    let threads: Vec<_> = (0..args.writers)
        .map(|_| {
            let (url, principal, commune, router, next, left) = (
                args.database_url.clone(),
                principal.clone(),
                commune.clone(),
                router.clone(),
                next.clone(),
                left.clone(),
            );
            std::thread::spawn(move || -> Result<(), String> {
                let mut conn = hotline_bench::open_for_fill(&url)?;
                let vault = hotline_bench::server_vault(&mut conn)?;
                // The server's key (HOTLINE_CONTACT_KEY), so that it finds what is written
                // here by the keyed hashes of contacts and of search words.
                let key = hotline_intake::contacts::ContactKey::new(
                    std::env::var("HOTLINE_CONTACT_KEY")
                        .map(String::into_bytes)
                        .unwrap_or_else(|_| b"console bench contact key, 32 bytes".to_vec()),
                );
                while left
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    let with = hotline_intake::record::Services {
                        router: &router,
                        contact_key: &key,
                        vault: &vault,
                    };
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    // One in ten an emergency, so that the 12-hour deadlines of Decree 56
                    // are there for the tasks and the dashboard to read.
                    let mut body = report_body(n, false);
                    body["emergency"] = serde_json::json!(n % 10 == 0);
                    write_body(&mut conn, with, (&principal, &commune), body, None)?;
                }
                Ok(())
            })
        })
        .collect();
    for t in threads {
        t.join().map_err(|_| "a writer panicked".to_owned())??;
    }
    let added = (args.cases - have) as f64;
    println!(
        "filled {added} cases in {:.0} s ({:.0}/s)",
        started.elapsed().as_secs_f64(),
        added / started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Give the cases nobody manages a manager among [`MANAGERS`], by their id, leaving one
/// case in eleven unmanaged (what the chair's caseload and tasks count). The same case always
/// falls to the same worker or to nobody, so a second run changes nothing.
fn assign_managers(conn: &mut DbConnection) -> Result<(), String> {
    let ids: Vec<String> = cases::table
        .filter(cases::manager_id.is_null())
        .select(cases::id)
        .load(conn)
        .map_err(|e| e.to_string())?;
    let mut buckets: Vec<Vec<String>> = vec![Vec::new(); MANAGERS.len() + 1];
    for id in ids {
        let hex: String = id
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(24)
            .collect();
        let n = u128::from_str_radix(&hex, 16).unwrap_or(0);
        buckets[(n % (MANAGERS.len() as u128 + 1)) as usize].push(id);
    }
    for (worker, ids) in MANAGERS.iter().zip(&buckets) {
        let manager = uuid_like(worker);
        for chunk in ids.chunks(500) {
            diesel::update(cases::table.filter(cases::id.eq_any(chunk)))
                .set(cases::manager_id.eq(&manager))
                .execute(conn)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A signed-in browser of one: its cookies, by hand.
struct Session {
    client: awc::Client,
    base: String,
    cookies: Vec<(String, String)>,
}

impl Session {
    fn take(&mut self, res: &awc::ClientResponse<impl Sized>) {
        for v in res.headers().get_all(awc::http::header::SET_COOKIE) {
            let Ok(raw) = v.to_str() else { continue };
            let pair = raw.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.retain(|(n, _)| n != name);
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn cookie(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&mut self, path: &str) -> Result<(u16, Vec<u8>), String> {
        let mut res = self
            .client
            .get(format!("{}{path}", self.base))
            .insert_header(("Cookie", self.cookie()))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        self.take(&res);
        let body = res.body().limit(8 << 20).await.map_err(|e| e.to_string())?;
        Ok((res.status().as_u16(), body.to_vec()))
    }

    async fn sign_in(base: &str, user: &str) -> Result<Session, String> {
        let client = awc::Client::builder().disable_redirects().finish();
        let mut s = Session {
            client,
            base: base.to_owned(),
            cookies: Vec::new(),
        };
        let (_, page) = s.get("/").await?;
        let page = String::from_utf8_lossy(&page);
        let at = page
            .find("name=\"csrf\" value=\"")
            .ok_or("no sign-in form")?
            + 19;
        let csrf = page[at..].split('"').next().unwrap_or("").to_owned();
        let res = s
            .client
            .post(format!("{base}/console/sign-in"))
            .insert_header(("Cookie", s.cookie()))
            .insert_header(("Origin", base.to_owned()))
            .send_form(&[
                ("csrf", csrf.as_str()),
                ("next", ""),
                ("username", user),
                ("password", PASSWORD),
            ])
            .await
            .map_err(|e| e.to_string())?;
        if res.status().as_u16() != 303 {
            return Err(format!("{user} not signed in: {}", res.status()));
        }
        s.take(&res);
        Ok(s)
    }
}

async fn measure(args: &Args, case_id: &str) -> Result<(), String> {
    let pages: [(&str, Vec<String>); 6] = [
        (
            "cb-op",
            vec![
                "/console/calls/new".into(),
                "/console/cases".into(),
                "/console/cases?q=bench+1000042".into(),
            ],
        ),
        (
            "cb-cw",
            vec![
                "/console/tasks".into(),
                "/console/cases".into(),
                "/console/cases?status=new&page=50".into(),
                format!("/cases/{case_id}"),
                "/console/inbox".into(),
            ],
        ),
        (
            "cb-chair",
            vec!["/console/caseloads".into(), "/console/tasks".into()],
        ),
        ("cb-police", vec!["/console/inbox".into()]),
        (
            "cb-sup",
            vec![
                "/console/oversight".into(),
                "/console/caseloads".into(),
                format!("/console/audit?case_id={case_id}"),
                "/console/audit/access".into(),
                "/console/mail".into(),
            ],
        ),
        ("cb-admin", vec!["/console/admin/users".into()]),
    ];
    println!(
        "{:<48} {:>8} {:>8} {:>8} {:>9}",
        "page (user)", "p50 ms", "p95 ms", "max ms", "bytes"
    );
    for (user, paths) in pages {
        let mut session = Session::sign_in(&args.url, user).await?;
        for path in paths {
            let mut times = Vec::with_capacity(args.requests);
            let mut bytes = 0;
            for i in 0..args.requests + 5 {
                let t = Instant::now();
                let (status, body) = session.get(&path).await?;
                let took = t.elapsed();
                if status != 200 {
                    return Err(format!("{path} as {user}: {status}"));
                }
                bytes = body.len();
                if i >= 5 {
                    times.push(took);
                }
            }
            times.sort();
            let shown: String = path.chars().take(38).collect();
            println!(
                "{:<48} {:>8.1} {:>8.1} {:>8.1} {:>9}",
                format!("{shown} ({user})"),
                hotline_bench::timing::percentile_ms(&times, 0.5),
                hotline_bench::timing::percentile_ms(&times, 0.95),
                hotline_bench::timing::percentile_ms(&times, 1.0),
                bytes
            );
        }
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let run = || -> Result<(), String> {
        let mut conn = hotline_bench::open(&args.database_url)?;
        ensure_users(&mut conn)?;
        fill(&args)?;
        assign_managers(&mut conn)?;
        // As a database that grew by itself would be: its statistics up to date (and on
        // PostgreSQL its pages marked visible, for index-only scans).
        hotline_bench::analyze(&mut conn)?;
        let case_id: String = cases::table
            .filter(cases::commune_code.eq(19900))
            .order(cases::created_at.desc())
            .select(cases::id)
            .first(&mut conn)
            .map_err(|e| e.to_string())?;
        println!("cases in the database: {}", count_cases(&mut conn)?);
        actix_rt::System::new().block_on(measure(&args, &case_id))
    };
    hotline_bench::exit_code(run())
}
