//! `hotline-documents-bench`: what filing and reading a large paper costs the server, asked
//! as an outside client would (multipart upload, then the download). The server's resident
//! memory is read from `/proc/<pid>/status` every 2 ms while each request runs: the figure is
//! its peak during the request less what it was just before, so a file that were held whole
//! in memory would show as its size. Prints MB/s and that figure for each round.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use hotline_bench::timing::sign_in;
use hotline_bench::{ensure_user, open, report_body};
use serde_json::Value;

#[derive(Parser, Debug)]
#[command(about = "Memory and speed of filing and reading a large paper")]
struct Args {
    /// Base URL of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The server's database (the bench's users are made there).
    #[arg(long)]
    database_url: String,
    /// The server's process id, whose resident memory is read.
    #[arg(long)]
    pid: u32,
    /// The paper's size in bytes (the default limit, 25 MB, less room for the form).
    #[arg(long, default_value_t = 25 * 1024 * 1024 - 4096)]
    bytes: usize,
    /// Rounds of one upload and one download.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
}

const OPERATOR: &str = "db-operator";
const SUPERVISOR: &str = "db-supervisor";
const BOUNDARY: &str = "hotline-bench-boundary-7MA4YWxk";

/// The server's resident memory, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Reads the server's resident memory every 2 ms until stopped; the peak seen, in KiB.
struct Sampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl Sampler {
    fn start(pid: u32) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(rss_kib(pid)));
        let (s, p) = (stop.clone(), peak.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        Sampler { stop, peak, thread }
    }

    fn peak(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.peak.load(Ordering::Relaxed)
    }
}

/// A PDF of `bytes` bytes that does not compress (as a scan does not).
fn paper(bytes: usize) -> Vec<u8> {
    use rand::RngCore;
    let mut body = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut body);
    body[..9].copy_from_slice(b"%PDF-1.7\n");
    body
}

fn form(file: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(file.len() + 1024);
    for (name, value) in [
        ("kind", "medical_paper"),
        ("title", "Giấy chứng nhận thương tích (bản quét)"),
        ("dated", "2026-12-01"),
    ] {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(
    client: &awc::Client,
    (url, token): (&str, &str),
    case: &str,
    body: Vec<u8>,
) -> Result<String, String> {
    let mut res = client
        .post(format!("{url}/api/v1/cases/{case}/documents"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header((
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        ))
        .send_body(body)
        .await
        .map_err(|e| e.to_string())?;
    let v: Value = res.json().await.map_err(|e| e.to_string())?;
    v["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or(format!("upload: {} {v}", res.status()))
}

async fn download(
    client: &awc::Client,
    (url, token): (&str, &str),
    id: &str,
) -> Result<usize, String> {
    let mut res = client
        .get(format!("{url}/api/v1/documents/{id}"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let body = res.body().limit(1 << 30).await.map_err(|e| e.to_string())?;
    if res.status().as_u16() != 200 {
        return Err(format!("download: {}", res.status()));
    }
    Ok(body.len())
}

fn mb_per_s(bytes: usize, took: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / took.as_secs_f64()
}

#[actix_rt::main]
async fn main() -> Result<(), String> {
    let args = Args::parse();
    let mut conn = open(&args.database_url)?;
    ensure_user(&mut conn, (OPERATOR, "operator"), "hue-hotline")?;
    ensure_user(&mut conn, (SUPERVISOR, "supervisor"), "hue-cpd")?;
    drop(conn);
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(600))
        .finish();
    let url = args.url.as_str();
    let op = sign_in(&client, url, OPERATOR).await?;
    let sup = sign_in(&client, url, SUPERVISOR).await?;
    let mut res = client
        .post(format!("{url}/api/v1/reports"))
        .insert_header(("Authorization", format!("Bearer {op}")))
        .send_json(&report_body(1, false))
        .await
        .map_err(|e| e.to_string())?;
    let created: Value = res.json().await.map_err(|e| e.to_string())?;
    let case = created["case_id"]
        .as_str()
        .ok_or(format!("report: {created}"))?
        .to_owned();

    // Warm: connections, caches and the allocator's arenas as a running server has them.
    // The whole run is also watched from here, before the first paper.
    let before_papers = rss_kib(args.pid);
    let whole = Sampler::start(args.pid);
    let small = upload(&client, (url, &sup), &case, form(&paper(1 << 20))).await?;
    download(&client, (url, &sup), &small).await?;

    let file = paper(args.bytes);
    println!(
        "a {:.1} MB PDF, {} rounds; resident memory of process {} read every 2 ms",
        args.bytes as f64 / (1024.0 * 1024.0),
        args.rounds,
        args.pid
    );
    println!(
        "{:<8} {:>10} {:>14} {:>16}",
        "round", "step", "MB/s", "memory added MB"
    );
    let mut worst: (u64, u64) = (0, 0);
    for round in 1..=args.rounds {
        let body = form(&file);
        let before = rss_kib(args.pid);
        let sampler = Sampler::start(args.pid);
        let t = Instant::now();
        let id = upload(&client, (url, &sup), &case, body).await?;
        let took = t.elapsed();
        let added = sampler.peak().saturating_sub(before);
        worst.0 = worst.0.max(added);
        println!(
            "{round:<8} {:>10} {:>14.1} {:>16.1}",
            "upload",
            mb_per_s(args.bytes, took),
            added as f64 / 1024.0
        );
        let before = rss_kib(args.pid);
        let sampler = Sampler::start(args.pid);
        let t = Instant::now();
        let got = download(&client, (url, &sup), &id).await?;
        let took = t.elapsed();
        let added = sampler.peak().saturating_sub(before);
        worst.1 = worst.1.max(added);
        if got != args.bytes {
            return Err(format!("downloaded {got} bytes of {}", args.bytes));
        }
        println!(
            "{round:<8} {:>10} {:>14.1} {:>16.1}",
            "download",
            mb_per_s(args.bytes, took),
            added as f64 / 1024.0
        );
    }
    let peak = whole.peak();
    println!(
        "most memory added: upload {:.1} MB, download {:.1} MB (goal < 10 MB each)",
        worst.0 as f64 / 1024.0,
        worst.1 as f64 / 1024.0,
    );
    println!(
        "resident memory: {:.1} MB before the first paper, {:.1} MB at most over the run ({:+.1} MB), {:.1} MB now",
        before_papers as f64 / 1024.0,
        peak as f64 / 1024.0,
        (peak as f64 - before_papers as f64) / 1024.0,
        rss_kib(args.pid) as f64 / 1024.0
    );
    Ok(())
}
