//! What a panic does. In a command it is a bug that ends the process with exit code 70. While
//! answering a request (marked with [`request`] or [`request_sync`]), it is reported and only
//! that request fails, caught where the request is run: one bad input must not take a server
//! down. A panic anywhere else (a server's background task) still ends the process, so that it
//! cannot stop part of the server without a word.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

thread_local! {
    /// How many request scopes this thread is inside right now.
    static IN_REQUEST: Cell<u32> = const { Cell::new(0) };
}

/// Installs the process's panic hook; `main` calls it first.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let text = crate::output::escape_controls(&info.to_string()).into_owned();
        if IN_REQUEST.with(|n| n.get() > 0) {
            eprintln!("error: internal error in alga while answering a request: {text}");
            eprintln!(
                "hint: that request failed and the server keeps running; please report this bug"
            );
            return;
        }
        eprintln!("error: internal error in alga: {text}");
        eprintln!("hint: this is a bug; please report it with the command you ran");
        std::process::exit(crate::error::exit::INTERNAL);
    }));
}

/// Marks the thread as answering a request while it exists.
struct Mark;

impl Mark {
    fn new() -> Mark {
        IN_REQUEST.with(|n| n.set(n.get() + 1));
        Mark
    }
}

impl Drop for Mark {
    fn drop(&mut self) {
        IN_REQUEST.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// A future that answers one request: a panic while it is polled unwinds to whoever polls it
/// (who must catch it) instead of ending the process.
pub struct Request<F>(Pin<Box<F>>);

impl<F: Future> Future for Request<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _mark = Mark::new();
        self.0.as_mut().poll(cx)
    }
}

/// Marks `work` as answering a request.
pub fn request<F: Future>(work: F) -> Request<F> {
    Request(Box::pin(work))
}

/// Runs blocking `work` that answers a request (the caller catches a panic, as
/// `spawn_blocking` does).
pub fn request_sync<T>(work: impl FnOnce() -> T) -> T {
    let _mark = Mark::new();
    work()
}
