//! What a panic does. In a command it is a bug that ends the process with exit code 70. In a
//! server that catches panics per request (`alga dev`), it is reported and only the request it
//! happened in fails: one bad input must not take the server down.

use std::sync::atomic::{AtomicBool, Ordering};

static PER_REQUEST: AtomicBool = AtomicBool::new(false);

/// Installs the process's panic hook; `main` calls it first.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let text = crate::output::escape_controls(&info.to_string()).into_owned();
        let on_main = std::thread::current().name() == Some("main");
        if PER_REQUEST.load(Ordering::SeqCst) && !on_main {
            eprintln!("error: internal error in alga while serving a request: {text}");
            eprintln!(
                "hint: the request failed and the server keeps running; please report this bug"
            );
            return;
        }
        eprintln!("error: internal error in alga: {text}");
        eprintln!("hint: this is a bug; please report it with the command you ran");
        std::process::exit(crate::error::exit::INTERNAL);
    }));
}

/// From now on a panic outside the main thread unwinds to whoever catches it (the server's
/// per-request guard answers 500) instead of ending the process.
pub fn catch_per_request() {
    PER_REQUEST.store(true, Ordering::SeqCst);
}
