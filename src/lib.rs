//! `alga`: the Alga PSA extension toolchain. The library exists for the binary, the
//! integration tests and the fuzz targets: only what they use is public.

pub(crate) mod api;
pub mod build;
pub(crate) mod bundle;
pub mod cli;
pub mod commands;
pub(crate) mod component;
pub(crate) mod dev;
pub mod error;
pub(crate) mod fsutil;
pub(crate) mod hurl;
pub mod manifest;
pub mod output;
pub mod panics;
pub(crate) mod publish;
pub(crate) mod registry;
pub mod report;
pub(crate) mod runner;
pub(crate) mod scaffold;
pub mod signing;
pub(crate) mod testing;
