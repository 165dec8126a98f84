//! Timing requests as an outside client: sign in, time a GET, read percentiles.

use std::time::{Duration, Instant};

use serde_json::Value;

/// The password of the users the benches create.
pub const PASSWORD: &str = "bench supervisor password";

/// A bearer token for `username` (with [`PASSWORD`]) from the server at `url`.
pub async fn sign_in(client: &awc::Client, url: &str, username: &str) -> Result<String, String> {
    let mut res = client
        .post(format!("{url}/api/v1/auth/token"))
        .send_json(&serde_json::json!({"username": username, "password": PASSWORD}))
        .await
        .map_err(|e| e.to_string())?;
    let body: Value = res.json().await.map_err(|e| e.to_string())?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or(format!("no token: {body}"))
}

/// How long a GET of `url` took to its last byte, and its JSON body; an error unless 200.
pub async fn timed_get(
    client: &awc::Client,
    url: &str,
    token: &str,
) -> Result<(Duration, Value), String> {
    let t = Instant::now();
    let mut res = client
        .get(url)
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let body: Value = res.json().limit(8 << 20).await.map_err(|e| e.to_string())?;
    let took = t.elapsed();
    if res.status().as_u16() != 200 {
        return Err(format!("{url}: {} {body}", res.status()));
    }
    Ok((took, body))
}

/// Untimed requests before the timed ones, so that caches and connections are warm.
const WARM_UP: usize = 5;

/// `requests` GETs (after [`WARM_UP`] untimed), each of the URL `url` gives: their times,
/// sorted, and the last body.
pub async fn time_gets(
    client: &awc::Client,
    token: &str,
    requests: usize,
    mut url: impl FnMut() -> String,
) -> Result<(Vec<Duration>, Value), String> {
    let mut times = Vec::with_capacity(requests);
    let mut last = Value::Null;
    for i in 0..requests + WARM_UP {
        let (took, body) = timed_get(client, &url(), token).await?;
        if i >= WARM_UP {
            times.push(took);
        }
        last = body;
    }
    times.sort();
    Ok((times, last))
}

/// The `p` quantile (0 to 1) of `sorted` durations, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The heading of a table of timings.
pub fn heading(what: &str) -> String {
    format!(
        "{what:<34} {:>8} {:>8} {:>8} {:>9}",
        "p50 ms", "p95 ms", "max ms", "total"
    )
}

/// One row of a table of timings: `what`, its p50, p95 and slowest of `sorted`, and `total`.
pub fn row(what: &str, sorted: &[Duration], total: &str) -> String {
    format!(
        "{:<34} {:>8.1} {:>8.1} {:>8.1} {:>9}",
        what,
        percentile_ms(sorted, 0.5),
        percentile_ms(sorted, 0.95),
        percentile_ms(sorted, 1.0),
        total
    )
}

/// A list's `total` as the tables print it: ">1000" when the count stopped there
/// (`total_exact` false).
pub fn total_of(body: &Value) -> String {
    let more = if body["total_exact"] == false {
        ">"
    } else {
        ""
    };
    format!("{more}{}", body["total"])
}

/// Time `requests` GETs of `url()` and print their row (the total from the last body).
pub async fn print_row(
    client: &awc::Client,
    token: &str,
    requests: usize,
    what: &str,
    url: impl FnMut() -> String,
) -> Result<(), String> {
    let (times, body) = time_gets(client, token, requests, url).await?;
    println!("{}", row(what, &times, &total_of(&body)));
    Ok(())
}

/// Print a table of timings headed `title`: a row a query, each timed over `requests` GETs of
/// the URL `url` makes of it.
pub async fn print_table<Q>(
    (client, token): (&awc::Client, &str),
    (requests, title): (usize, &str),
    queries: Vec<(&str, Q)>,
    mut url: impl FnMut(&Q) -> String,
) -> Result<(), String> {
    println!("{}", heading(title));
    for (what, query) in &queries {
        print_row(client, token, requests, what, || url(query)).await?;
    }
    Ok(())
}
