//! `hotline-bench`: how fast intake runs, and how close it comes to the database's ceiling.
//!
//! 1. Over HTTP: N clients POST /api/v1/reports to a running server for a fixed time;
//!    prints throughput and p50/p95/p99 latency.
//! 2. Directly: N threads write the same rows through the same store code, with no HTTP,
//!    auth or JSON in between; prints throughput and the ratio HTTP / direct.
//!
//! Run it against a server started on the same database it is given with --database-url.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use hotline_auth::Principal;
use hotline_bench::{report_body, write_report};
use hotline_routing::{CaseFacts, Router};
use hotline_store::queries::{places, users};
use hotline_store::{DatabaseUrl, DbConnection};
use serde_json::{json, Value};

mod audit_speed;
use audit_speed::{fill_audit, seal_lag, verify_speed};

#[derive(Parser, Debug)]
#[command(about = "Benchmark report intake over HTTP and against the database ceiling")]
struct Args {
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The server's database (for the direct-write ceiling).
    #[arg(long)]
    database_url: String,
    /// An operator account of the hue-hotline agency.
    #[arg(long)]
    username: String,
    /// Its password (or set HOTLINE_PASSWORD).
    #[arg(long, env = "HOTLINE_PASSWORD")]
    password: String,
    /// Concurrent clients (HTTP) and writer threads (direct).
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Seconds each phase runs.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Client threads driving the HTTP load.
    #[arg(long, default_value_t = 2)]
    client_threads: usize,
    /// Writer counts tried for the direct-write ceiling; the best throughput is the ceiling
    /// (a database often writes fastest with fewer connections than there are clients).
    #[arg(long, value_delimiter = ',', default_value = "2,4,8,16,32")]
    ceiling_writers: Vec<usize>,
    /// The server's token signing secret (the seal key is derived from it): needed to seal
    /// synthetic entries and to verify.
    #[arg(long, env = "HOTLINE_JWT_SECRET", hide_env_values = true)]
    signing_secret: Option<String>,
    /// Before timing `audit verify`, add this many synthetic entries to the log (sealed).
    #[arg(long, default_value_t = 0)]
    verify_entries: u64,
    /// The routing rules and holidays the server runs with (the direct phase routes too).
    #[arg(long, default_value = "config/routing.toml")]
    routing_file: std::path::PathBuf,
    #[arg(long, default_value = "config/holidays.toml")]
    holidays_file: std::path::PathBuf,
    /// With an SMTP server here (run the server without one), finally send the whole outbox
    /// the run filled through the notifier and time it.
    #[arg(long)]
    smtp_url: Option<String>,
    /// Messages the notifier sends at once.
    #[arg(long, default_value_t = 8)]
    mail_concurrency: usize,
    /// Every report shares its URL, child and caller (the worst case for the duplicate and
    /// repeat-contact lookups); by default each report has its own.
    #[arg(long)]
    same_evidence: bool,
}

/// Send every waiting outbox row to `smtp_url` with the notifier; mails per second.
fn mail_speed(args: &Args, smtp_url: &str) -> Result<String, String> {
    use hotline_store::queries::outbox;
    let url = DatabaseUrl::parse(&args.database_url).map_err(|e| e.to_string())?;
    let pool = hotline_store::build_pool(
        &url,
        hotline_store::PoolOptions {
            max_size: u32::try_from(args.mail_concurrency + 2).unwrap_or(10),
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let settings = hotline_notifier::NotifierSettings {
        smtp_url: smtp_url.to_owned(),
        from: "Bench <bench@hotline.invalid>"
            .parse()
            .map_err(|e| format!("{e}"))?,
        public_base_url: "http://127.0.0.1:8080"
            .parse()
            .map_err(|e| format!("{e}"))?,
        link_key: vec![1; 32],
        link_ttl: Duration::from_secs(3600),
        batch: 200,
        lease: Duration::from_secs(120),
        max_attempts: 3,
        backoff_base: Duration::from_secs(1),
        backoff_max: Duration::from_secs(10),
        concurrency: args.mail_concurrency,
    };
    let notifier = hotline_notifier::Notifier::new(settings, None).map_err(|e| e.to_string())?;
    let waiting =
        outbox::depth(&mut *pool.get().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut sent = 0;
    loop {
        let round = notifier
            .run_once(&pool, hotline_domain::time::now())
            .map_err(|e| e.to_string())?;
        sent += round.sent;
        if round.claimed == 0 {
            break;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(format!(
        "mail: {sent} of {waiting} waiting messages sent in {secs:.2}s = {:.1} mails/s ({} at once)",
        sent as f64 / secs,
        args.mail_concurrency
    ))
}

fn router(args: &Args) -> Result<Router, String> {
    Router::load(&args.routing_file, &args.holidays_file).map_err(|e| e.to_string())
}

/// Time the rule engine alone over a mix of cases (every category, emergency or not, online
/// or not, with and without an operator's risk level).
fn routing_speed(router: &Router) -> String {
    use hotline_domain::{Category, ContactType, RiskLevel};
    let mut cases = Vec::new();
    for (i, category) in Category::ALL.iter().enumerate() {
        for emergency in [false, true] {
            for online in [false, true] {
                cases.push(CaseFacts {
                    contact_type: ContactType::AbuseReport,
                    categories: vec![*category, Category::ALL[(i + 3) % Category::ALL.len()]],
                    risk: (i % 2 == 0).then_some(RiskLevel::Medium),
                    emergency,
                    online_evidence: online,
                    content_still_online: online && i % 3 == 0,
                    province: 46,
                    commune: 19900,
                });
            }
        }
    }
    let rounds = 20_000;
    let started = Instant::now();
    let mut referrals = 0usize;
    for _ in 0..rounds {
        for facts in &cases {
            referrals += std::hint::black_box(router.decide(std::hint::black_box(facts)))
                .referrals
                .len();
        }
    }
    let decisions = rounds * cases.len();
    let per = started.elapsed().as_secs_f64() * 1e6 / decisions as f64;
    format!(
        "routing decision: {per:.2} µs per case over {decisions} decisions ({} case shapes, {:.1} referrals each on average)",
        cases.len(),
        referrals as f64 / decisions as f64
    )
}

/// Report number `n`. Distinct reports carry their own URL, child and caller, as real ones
/// mostly do; with `same`, every report shares them (the worst case for the duplicate and
/// repeat-contact lookups: every earlier case matches).
struct Figures {
    count: u64,
    errors: u64,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Figures {
    fn throughput(&self) -> f64 {
        self.count as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        self.latencies[rank.min(self.latencies.len() - 1)]
    }

    fn line(&self, label: &str, clients: usize) -> String {
        format!(
            "{label:<28} clients={clients:<3} {:>7} ok {:>4} errors  {:>8.1}/s  p50={:>6.2}ms p95={:>6.2}ms p99={:>6.2}ms",
            self.count,
            self.errors,
            self.throughput(),
            ms(self.percentile(50.0)),
            ms(self.percentile(95.0)),
            ms(self.percentile(99.0)),
        )
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn login(args: &Args) -> Result<String, String> {
    actix_rt::System::new().block_on(async {
        let client = awc::Client::default();
        let mut res = client
            .post(format!("{}/api/v1/auth/token", args.url))
            .send_json(&json!({"username": args.username, "password": args.password}))
            .await
            .map_err(|e| format!("login: {e}"))?;
        let body: Value = res.json().await.map_err(|e| format!("login: {e}"))?;
        body["access_token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("login refused: {body}"))
    })
}

/// Numbers reports across phases and threads, so that distinct reports stay distinct.
static NEXT_REPORT: AtomicU64 = AtomicU64::new(0);

fn http_phase(args: &Args, token: &str) -> Figures {
    let same = args.same_evidence;
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..args.client_threads)
        .map(|t| {
            let clients = args.clients / args.client_threads
                + usize::from(t < args.clients % args.client_threads);
            let (url, token, stop, errors) = (
                args.url.clone(),
                token.to_owned(),
                stop.clone(),
                errors.clone(),
            );
            std::thread::spawn(move || {
                actix_rt::System::new().block_on(async move {
                    let connector = awc::Connector::new().limit(clients.max(1));
                    let client = awc::Client::builder()
                        .connector(connector)
                        .timeout(Duration::from_secs(30))
                        .finish();
                    let tasks = (0..clients).map(|_| {
                        let (client, url, token, stop, errors) = (
                            client.clone(),
                            url.clone(),
                            token.clone(),
                            stop.clone(),
                            errors.clone(),
                        );
                        async move {
                            let mut latencies = Vec::new();
                            while !stop.load(Ordering::Relaxed) {
                                let body =
                                    report_body(NEXT_REPORT.fetch_add(1, Ordering::Relaxed), same);
                                let sent = Instant::now();
                                let res = client
                                    .post(format!("{url}/api/v1/reports"))
                                    .insert_header(("Authorization", format!("Bearer {token}")))
                                    .send_json(&body)
                                    .await;
                                match res {
                                    Ok(mut r) if r.status().as_u16() == 201 => {
                                        let _ = r.body().await;
                                        latencies.push(sent.elapsed());
                                    }
                                    _ => {
                                        errors.fetch_add(1, Ordering::Relaxed);
                                    }
                                }
                            }
                            latencies
                        }
                    });
                    let per_client = futures_join_all(tasks).await;
                    per_client.into_iter().flatten().collect::<Vec<Duration>>()
                })
            })
        })
        .collect();
    finish_phase(args.seconds, threads, &stop, &errors, started)
}

/// Let a phase's threads run for `seconds`, stop them, and gather their latencies.
fn finish_phase(
    seconds: u64,
    threads: Vec<std::thread::JoinHandle<Vec<Duration>>>,
    stop: &AtomicBool,
    errors: &AtomicU64,
    started: Instant,
) -> Figures {
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap_or_default())
        .collect();
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Figures {
        count: latencies.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        elapsed,
        latencies,
    }
}

/// Run the client tasks side by side on this thread's runtime and gather their results.
async fn futures_join_all<F>(tasks: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + 'static,
    F::Output: 'static,
{
    let handles: Vec<_> = tasks.map(actix_rt::spawn).collect::<Vec<_>>();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        if let Ok(v) = h.await {
            out.push(v);
        }
    }
    out
}

/// Write the rows of one intake straight into the database from `writers` threads; with
/// `audited`, the audit entry the endpoint writes too.
fn direct_phase(args: &Args, writers: usize, audited: bool) -> Result<Figures, String> {
    let url = DatabaseUrl::parse(&args.database_url).map_err(|e| e.to_string())?;
    let mut conn = DbConnection::open(&url).map_err(|e| e.to_string())?;
    let user = users::by_username(&mut conn, &args.username)
        .map_err(|e| e.to_string())?
        .ok_or("the operator is not in that database")?;
    let principal = Principal::load(&mut conn, &user.id).map_err(|e| e.to_string())?;
    let commune = places::commune(&mut conn, 19900)
        .map_err(|e| e.to_string())?
        .ok_or("commune 19900 missing")?;
    let same = args.same_evidence;
    drop(conn);
    let router = Arc::new(router(args)?);

    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..writers)
        .map(|_| {
            let (url, principal, commune, stop, errors, router) = (
                url.clone(),
                principal.clone(),
                commune.clone(),
                stop.clone(),
                errors.clone(),
                router.clone(),
            );
            std::thread::spawn(move || {
                let contact_key = hotline_intake::contacts::ContactKey::new(
                    b"bench contact key, 32 bytes long".to_vec(),
                );
                let mut latencies = Vec::new();
                let Ok(mut conn) = DbConnection::open(&url) else {
                    return latencies;
                };
                let Ok(vault) = hotline_bench::server_vault(&mut conn) else {
                    return latencies;
                };
                let actor = hotline_audit::Actor {
                    id: Some(principal.user_id.to_string()),
                    name: Some(principal.username.clone()),
                    role: Some(principal.role.code().to_owned()),
                    ip: Some("127.0.0.1".into()),
                };
                while !stop.load(Ordering::Relaxed) {
                    let sent = Instant::now();
                    let number = NEXT_REPORT.fetch_add(1, Ordering::Relaxed);
                    let with = hotline_intake::record::Services {
                        router: &router,
                        contact_key: &contact_key,
                        vault: &vault,
                    };
                    let audit_as = audited.then_some(&actor);
                    let written = write_report(
                        &mut conn,
                        with,
                        (&principal, &commune),
                        number,
                        same,
                        audit_as,
                    );
                    match written {
                        Ok(()) => latencies.push(sent.elapsed()),
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                latencies
            })
        })
        .collect();
    Ok(finish_phase(args.seconds, threads, &stop, &errors, started))
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let backend = DatabaseUrl::parse(&args.database_url)
        .map(|u| u.backend_name())
        .unwrap_or("?");
    let token = match login(&args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!(
        "backend={backend} clients={} seconds={} per phase",
        args.clients, args.seconds
    );
    match router(&args) {
        Ok(router) => println!("{}", routing_speed(&router)),
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    let http = http_phase(&args, &token);
    println!("{}", http.line("HTTP POST /api/v1/reports", args.clients));
    match seal_lag(&args) {
        Ok(line) => println!("{line}"),
        Err(e) => eprintln!("seal lag: {e}"),
    }
    let best = |audited: bool| -> Result<(usize, Figures), String> {
        let mut ceiling: Option<(usize, Figures)> = None;
        for &writers in &args.ceiling_writers {
            let direct = direct_phase(&args, writers, audited)?;
            let label = if audited {
                "direct writes + audit"
            } else {
                "direct writes, no audit"
            };
            println!("{}", direct.line(label, writers));
            if ceiling
                .as_ref()
                .is_none_or(|(_, b)| direct.throughput() > b.throughput())
            {
                ceiling = Some((writers, direct));
            }
        }
        ceiling.ok_or_else(|| "no ceiling measured: give --ceiling-writers".to_owned())
    };
    let (with_audit, without_audit) = match (best(true), best(false)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("direct phase: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let (writers, ceiling) = with_audit;
    let ratio = 100.0 * http.throughput() / ceiling.throughput().max(f64::MIN_POSITIVE);
    println!(
        "ceiling = {:.1}/s (direct with audit, {writers} writers); HTTP = {:.1}/s; ratio HTTP / ceiling = {ratio:.1} %",
        ceiling.throughput(),
        http.throughput()
    );
    let overhead =
        100.0 * ceiling.throughput() / without_audit.1.throughput().max(f64::MIN_POSITIVE);
    println!(
        "auditing: {:.1}/s with vs {:.1}/s without ({} writers) = {overhead:.1} % of the throughput without it",
        ceiling.throughput(),
        without_audit.1.throughput(),
        without_audit.0
    );
    if args.verify_entries > 0 {
        if let Err(e) = fill_audit(&args) {
            eprintln!("filling the audit log: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    match verify_speed(&args) {
        Ok(line) => println!("{line}"),
        Err(e) => eprintln!("verify: {e}"),
    }
    if let Some(smtp) = &args.smtp_url {
        match mail_speed(&args, smtp) {
            Ok(line) => println!("{line}"),
            Err(e) => eprintln!("mail: {e}"),
        }
    }
    std::process::ExitCode::SUCCESS
}
