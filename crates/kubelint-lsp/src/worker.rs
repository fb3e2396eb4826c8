//! Two threads for linting.
//!
//! A lint builds the data a document's findings live in for as long as the
//! document is open. Run on whichever thread of tokio's blocking pool was
//! free, successive lints of a big file spread those allocations over
//! glibc's per-thread arenas, and each arena kept the high-water mark of
//! the results built in it: a 55,000-line document grew from 65 MB to 370
//! MB over 60 edits. Built on the same thread, one result's memory is
//! reused by the next, and the server stays near one result plus the one
//! being made. Big texts have a thread of their own, so a small
//! document's lint (a hover, a code action) never waits behind a big one.
//!
//! Each job is still waited for from a blocking task, so the runtime sees
//! work in flight exactly as with `spawn_blocking` (its paused test clock
//! does not run ahead of a lint).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

type Job = Box<dyn FnOnce() + Send>;

/// Texts from this size on are linted on the big texts' thread.
pub(crate) const BIG_TEXT: usize = 256 * 1024;

#[derive(Debug)]
pub(crate) struct Worker {
    /// Lints of texts under [`BIG_TEXT`], and of the others.
    small: mpsc::Sender<Job>,
    big: mpsc::Sender<Job>,
}

impl Worker {
    /// Starts the threads; call from within the runtime (jobs may spawn
    /// tasks on it, such as log messages).
    pub(crate) fn start() -> std::io::Result<Worker> {
        let runtime = tokio::runtime::Handle::try_current().ok();
        let thread = |name: &str| -> std::io::Result<mpsc::Sender<Job>> {
            let (jobs, queue) = mpsc::channel::<Job>();
            let runtime = runtime.clone();
            std::thread::Builder::new()
                .name(name.into())
                .spawn(move || {
                    let _context = runtime.as_ref().map(|r| r.enter());
                    // Ends when the server, which holds the sender, is gone.
                    while let Ok(job) = queue.recv() {
                        // A panic ends the job (its caller gets `None`), not the thread.
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                })?;
            Ok(jobs)
        };
        Ok(Worker {
            small: thread("kubelint-lint")?,
            big: thread("kubelint-lint-big")?,
        })
    }

    /// Runs `work`, a lint of a `text_len`-byte text, on the thread for
    /// its size; `None` if it panicked or the thread is gone.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        text_len: usize,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let jobs = if text_len >= BIG_TEXT {
            self.big.clone()
        } else {
            self.small.clone()
        };
        tokio::task::spawn_blocking(move || {
            let (done, result) = mpsc::sync_channel(1);
            jobs.send(Box::new(move || {
                let _ = done.send(work());
            }))
            .ok()?;
            result.recv().ok()
        })
        .await
        .ok()
        .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_jobs_on_one_thread_per_size_and_survives_panics() {
        let worker = Worker::start().unwrap();
        let here = || {
            let thread = std::thread::current();
            (thread.id(), thread.name().map(str::to_owned))
        };
        let small = worker.run(10, here).await.unwrap();
        let big = worker.run(BIG_TEXT, here).await.unwrap();
        let panicked: Option<()> = worker.run(10, || panic!("a bug")).await;
        assert_eq!(panicked, None);
        assert_eq!(worker.run(20, here).await.unwrap(), small);
        assert_eq!(worker.run(BIG_TEXT * 2, here).await.unwrap(), big);
        assert_eq!(small.1.as_deref(), Some("kubelint-lint"));
        assert_eq!(big.1.as_deref(), Some("kubelint-lint-big"));
    }
}
