//! How far a long piece of work has gone: a figures rebuild, moving every value to a new key,
//! a retention run, an audit verification, an import, a backup. The work says what it is,
//! how much there is (when known) and each step done; whoever runs it decides how to show
//! that. The command line installs a [`Sink`] that draws a bar on a terminal and writes a
//! plain line every few seconds to a log; a server installs none, and the steps cost nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Where progress goes: installed once per process, by the program that shows it.
pub trait Sink: Send + Sync {
    /// `task` began, with `total` steps when known.
    fn begin(&self, task: &'static str, total: Option<u64>);
    /// `task` has done `done` steps.
    fn update(&self, task: &'static str, done: u64);
    /// `task` ended after `done` steps.
    fn end(&self, task: &'static str, done: u64);
}

static SINK: OnceLock<Box<dyn Sink>> = OnceLock::new();

/// Send progress to `sink` from now on (the first call wins).
pub fn install(sink: impl Sink + 'static) {
    let _ = SINK.set(Box::new(sink));
}

/// Whether anything shows progress (so that work need not count its total for nobody).
pub fn shown() -> bool {
    SINK.get().is_some()
}

/// A piece of work under way; says it ended when dropped.
pub struct Task {
    name: &'static str,
    done: AtomicU64,
}

/// Begin `name`, with `total` steps when known.
pub fn task(name: &'static str, total: Option<u64>) -> Task {
    if let Some(sink) = SINK.get() {
        sink.begin(name, total);
    }
    Task {
        name,
        done: AtomicU64::new(0),
    }
}

impl Task {
    /// `n` more steps done.
    pub fn advance(&self, n: u64) {
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        if let Some(sink) = SINK.get() {
            sink.update(self.name, done);
        }
    }

    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        if let Some(sink) = SINK.get() {
            sink.end(self.name, self.done());
        }
    }
}
