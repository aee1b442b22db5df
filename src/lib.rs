//! `alga`: the Alga PSA extension toolchain.

pub mod build;
pub mod bundle;
pub mod cli;
pub mod commands;
pub mod component;
pub mod dev;
pub mod error;
pub mod fsutil;
pub mod manifest;
pub mod output;
pub mod panics;
pub mod publish;
pub mod registry;
pub mod report;
pub mod runner;
pub mod scaffold;
pub mod signing;
