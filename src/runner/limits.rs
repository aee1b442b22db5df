//! What one request may use: the server's ceilings on caller-supplied limits, and the store's
//! resource limiter, which remembers a refused memory growth so the failure can say why.

use wasmtime::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};

use super::api;

/// The largest linear memory a guest can have: the pooling allocator's slot size.
pub const POOL_MEMORY_MB: u64 = 1024;

/// The most a request may ask for; larger `limits` are lowered to these.
#[derive(Debug, Clone, Copy)]
pub struct Ceilings {
    pub timeout_ms: u64,
    pub memory_mb: u64,
    /// Fuel per request, when the engine meters fuel.
    pub fuel: Option<u64>,
}

impl Default for Ceilings {
    fn default() -> Self {
        Ceilings {
            timeout_ms: super::DEFAULT_TIMEOUT_MS,
            memory_mb: super::DEFAULT_MEMORY_MB,
            fuel: None,
        }
    }
}

impl Ceilings {
    /// The limits a request runs with: what it asked for, defaulted and lowered to the
    /// ceilings (a timeout of 0 counts as none given).
    pub fn clamp(&self, asked: api::Limits) -> api::Limits {
        let timeout = asked
            .timeout_ms
            .filter(|t| *t > 0)
            .unwrap_or(self.timeout_ms);
        let memory = asked.memory_mb.unwrap_or(super::DEFAULT_MEMORY_MB);
        api::Limits {
            timeout_ms: Some(timeout.min(self.timeout_ms)),
            memory_mb: Some(memory.min(self.memory_mb).min(POOL_MEMORY_MB)),
            fuel: match (asked.fuel, self.fuel) {
                (Some(a), Some(max)) => Some(a.min(max)),
                (None, max) => max,
                (Some(_), None) => None,
            },
        }
    }
}

/// The store's limits, noting whether a memory growth was refused.
pub struct Limiter {
    inner: StoreLimits,
    pub memory_mb: u64,
    pub memory_refused: bool,
}

impl Limiter {
    pub fn new(memory_mb: u64) -> Limiter {
        Limiter {
            inner: StoreLimitsBuilder::new()
                .memory_size((memory_mb as usize).saturating_mul(1 << 20))
                .instances(64)
                .build(),
            memory_mb,
            memory_refused: false,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = self.inner.memory_growing(current, desired, maximum)?;
        self.memory_refused |= !allowed;
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.inner.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.inner.instances()
    }

    fn tables(&self) -> usize {
        self.inner.tables()
    }

    fn memories(&self) -> usize {
        self.inner.memories()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_limits_are_lowered_to_the_ceilings() {
        let c = Ceilings {
            timeout_ms: 5_000,
            memory_mb: 128,
            fuel: Some(1_000),
        };
        let got = c.clamp(api::Limits {
            timeout_ms: Some(u64::MAX),
            memory_mb: Some(u64::MAX),
            fuel: Some(u64::MAX),
        });
        assert_eq!(got.timeout_ms, Some(5_000));
        assert_eq!(got.memory_mb, Some(128));
        assert_eq!(got.fuel, Some(1_000));
        let got = c.clamp(api::Limits {
            timeout_ms: Some(0),
            memory_mb: None,
            fuel: None,
        });
        assert_eq!(got.timeout_ms, Some(5_000), "0 is no timeout given");
        assert_eq!(got.memory_mb, Some(128));
        assert_eq!(got.fuel, Some(1_000));
        let small = c.clamp(api::Limits {
            timeout_ms: Some(10),
            memory_mb: Some(16),
            fuel: Some(5),
        });
        assert_eq!(
            (small.timeout_ms, small.memory_mb, small.fuel),
            (Some(10), Some(16), Some(5))
        );
    }
}
