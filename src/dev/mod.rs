//! The local Alga host: runner environment, `alga invoke`, and (later) the `alga dev` server.

pub mod env;
