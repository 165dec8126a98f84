//! The long commands' progress, as a person or a log wants it: on a terminal a bar with the
//! count done, the rate and the time left (indicatif); off a terminal a plain line every few
//! seconds, and a last one when a task that printed any ends. Installed by every command but
//! `serve`, whose work is in its own log.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hotline_domain::progress::Sink;
use indicatif::{ProgressBar, ProgressStyle};

/// How often a line is written off a terminal.
const EVERY: Duration = Duration::from_secs(5);

enum Shown {
    Bar(ProgressBar),
    Lines {
        started: Instant,
        last: Instant,
        total: Option<u64>,
        printed: bool,
    },
}

pub struct CliProgress {
    terminal: bool,
    tasks: Mutex<HashMap<&'static str, Shown>>,
}

impl CliProgress {
    pub fn new() -> CliProgress {
        CliProgress {
            terminal: std::io::stderr().is_terminal(),
            tasks: Mutex::new(HashMap::new()),
        }
    }
}

impl Default for CliProgress {
    fn default() -> Self {
        CliProgress::new()
    }
}

fn bar(task: &'static str, total: Option<u64>) -> ProgressBar {
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{msg} [{bar:30}] {human_pos}/{human_len} {rate} eta {eta}",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {msg} {human_pos} {rate} {elapsed}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        let style = style
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            )
            .progress_chars("=> ");
        bar.set_style(style);
    }
    bar.set_message(task);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// "figures rebuild: 1200 of 5000 (24 %), 310/s, about 12 s left".
fn line(task: &str, done: u64, total: Option<u64>, started: Instant) -> String {
    let secs = started.elapsed().as_secs_f64().max(0.001);
    let rate = done as f64 / secs;
    match total {
        Some(total) if total > 0 => {
            let left = total.saturating_sub(done) as f64 / rate.max(0.001);
            format!(
                "{task}: {done} of {total} ({} %), {rate:.0}/s, about {left:.0} s left",
                done * 100 / total
            )
        }
        _ => format!("{task}: {done} done, {rate:.0}/s, {secs:.0} s so far"),
    }
}

impl Sink for CliProgress {
    fn begin(&self, task: &'static str, total: Option<u64>) {
        let now = Instant::now();
        let shown = match self.terminal {
            true => Shown::Bar(bar(task, total)),
            false => Shown::Lines {
                started: now,
                last: now,
                total,
                printed: false,
            },
        };
        if let Ok(mut tasks) = self.tasks.lock() {
            tasks.insert(task, shown);
        }
    }

    fn update(&self, task: &'static str, done: u64) {
        let Ok(mut tasks) = self.tasks.lock() else {
            return;
        };
        match tasks.get_mut(task) {
            Some(Shown::Bar(bar)) => bar.set_position(done),
            Some(Shown::Lines {
                started,
                last,
                total,
                printed,
            }) if last.elapsed() >= EVERY => {
                eprintln!("{}", line(task, done, *total, *started));
                *last = Instant::now();
                *printed = true;
            }
            _ => {}
        }
    }

    fn end(&self, task: &'static str, done: u64) {
        let Ok(mut tasks) = self.tasks.lock() else {
            return;
        };
        match tasks.remove(task) {
            Some(Shown::Bar(bar)) => {
                bar.finish_and_clear();
                eprintln!(
                    "{task}: {done} done in {:.1} s",
                    bar.elapsed().as_secs_f64()
                );
            }
            Some(Shown::Lines {
                started,
                printed: true,
                ..
            }) => eprintln!(
                "{task}: {done} done in {:.1} s",
                started.elapsed().as_secs_f64()
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_says_the_count_the_rate_and_the_time_left() {
        let started = Instant::now() - Duration::from_secs(10);
        let said = line("figures rebuild", 1000, Some(4000), started);
        assert!(
            said.starts_with("figures rebuild: 1000 of 4000 (25 %), 100/s"),
            "{said}"
        );
        assert!(said.ends_with("about 30 s left"), "{said}");
        let open = line("backup", 7, None, started);
        assert!(open.contains("7 done"), "{open}");
    }
}
