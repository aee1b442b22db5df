//! The local Alga host: the runner environment, the HTTP server with its host page, and the
//! watch-and-rebuild loop.

pub mod env;
pub mod server;
pub mod static_ui;
pub mod watch;
