//! Where guests run: their own threads, so that a guest that computes without end never holds
//! a thread the HTTP server needs, and a cap on how many run at once.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How many requests may run guest code at once unless told otherwise...
pub const DEFAULT_MAX_CONCURRENT: usize = 32;
/// ...and at the most (the instance pool is sized from it).
pub const MAX_CONCURRENT: usize = 64;

/// A tokio runtime of its own for guest execution, and the slots that bound it.
pub struct GuestPool {
    runtime: Option<tokio::runtime::Runtime>,
    slots: Arc<Semaphore>,
    pub max_concurrent: usize,
}

/// Every slot is taken: the caller should come back later.
#[derive(Debug)]
pub struct Busy;

impl GuestPool {
    /// One worker thread per core; `max_concurrent` requests at once (at least one).
    pub fn new(max_concurrent: usize) -> std::io::Result<GuestPool> {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("alga-guest")
            .enable_all()
            .build()?;
        let max_concurrent = max_concurrent.clamp(1, MAX_CONCURRENT);
        Ok(GuestPool {
            runtime: Some(runtime),
            slots: Arc::new(Semaphore::new(max_concurrent)),
            max_concurrent,
        })
    }

    /// How many requests run guest code now.
    pub fn running(&self) -> usize {
        self.max_concurrent - self.slots.available_permits()
    }

    /// Takes a slot, or says that none is free.
    pub fn slot(&self) -> Result<OwnedSemaphorePermit, Busy> {
        self.slots.clone().try_acquire_owned().map_err(|_| Busy)
    }

    /// Runs `work` on the guest threads and waits for it; a panic in it comes back as its
    /// message.
    pub async fn run<F>(&self, work: F) -> Result<F::Output, String>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let Some(runtime) = &self.runtime else {
            return Err("the guest threads have stopped".into());
        };
        let mut task = AbortOnDrop(runtime.spawn(crate::panics::request(work)));
        (&mut task.0).await.map_err(|e| {
            if e.is_panic() {
                let payload = e.into_panic();
                payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into())
            } else {
                "the request was cancelled".into()
            }
        })
    }
}

/// Stops the guest when whoever waits for it goes away (a client that hung up), so that its
/// slot is free again at the guest's next yield instead of at its deadline.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Drop for GuestPool {
    fn drop(&mut self) {
        // May be dropped inside another runtime, where a blocking shutdown is not allowed.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}
