//! What one request may use: the server's ceilings on caller-supplied limits, and the store's
//! resource limiter, which remembers a refused memory growth so the failure can say why.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
    /// The limits a request runs with: what it asked for, lowered to the ceilings, which are
    /// also the defaults (a timeout or memory of 0 counts as none given).
    pub fn clamp(&self, asked: api::Limits) -> api::Limits {
        let timeout = asked
            .timeout_ms
            .filter(|t| *t > 0)
            .unwrap_or(self.timeout_ms);
        let memory = asked.memory_mb.filter(|m| *m > 0).unwrap_or(self.memory_mb);
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

/// What a request and the `ui-proxy` calls it makes share: one deadline and one budget of
/// linear memory, so that nesting calls neither renews the time nor multiplies the memory.
pub struct Budget {
    pub deadline: Instant,
    pub timeout_ms: u64,
    pub memory_mb: u64,
    /// Bytes of linear memory not yet taken by any store of the request.
    left: AtomicUsize,
}

impl Budget {
    /// The budget of a request with these (clamped) limits.
    pub fn new(limits: &api::Limits) -> Arc<Budget> {
        let timeout_ms = limits.timeout_ms.unwrap_or(super::DEFAULT_TIMEOUT_MS);
        let memory_mb = limits.memory_mb.unwrap_or(super::DEFAULT_MEMORY_MB);
        Arc::new(Budget {
            deadline: Instant::now() + Duration::from_millis(timeout_ms),
            timeout_ms,
            memory_mb,
            left: AtomicUsize::new((memory_mb as usize).saturating_mul(1 << 20)),
        })
    }

    fn take(&self, bytes: usize) -> bool {
        self.left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }

    fn give(&self, bytes: usize) {
        self.left.fetch_add(bytes, Ordering::SeqCst);
    }
}

/// A store's limits: its memories draw on the request's [`Budget`]; whether a growth was
/// refused is noted, so the failure can say why.
pub struct Limiter {
    inner: StoreLimits,
    budget: Arc<Budget>,
    /// Bytes this store took from the budget, given back when it is dropped.
    taken: usize,
    pub memory_refused: bool,
}

impl Limiter {
    pub fn new(budget: Arc<Budget>) -> Limiter {
        Limiter {
            inner: StoreLimitsBuilder::new().instances(64).build(),
            budget,
            taken: 0,
            memory_refused: false,
        }
    }
}

impl Drop for Limiter {
    fn drop(&mut self) {
        self.budget.give(self.taken);
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if maximum.is_some_and(|m| desired > m) {
            // The module's own maximum: not the request's limit.
            return Ok(false);
        }
        let more = desired.saturating_sub(current);
        if self.budget.take(more) {
            self.taken += more;
            Ok(true)
        } else {
            self.memory_refused = true;
            Ok(false)
        }
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
    fn stores_of_one_request_share_its_memory() {
        let budget = Budget::new(&api::Limits {
            timeout_ms: Some(1000),
            memory_mb: Some(2),
            fuel: None,
        });
        let mut outer = Limiter::new(budget.clone());
        let mut inner = Limiter::new(budget.clone());
        assert!(outer.memory_growing(0, 1 << 20, None).unwrap());
        assert!(inner.memory_growing(0, 1 << 20, None).unwrap());
        assert!(!inner.memory_growing(1 << 20, 2 << 20, None).unwrap());
        assert!(inner.memory_refused && !outer.memory_refused);
        drop(inner);
        assert!(
            outer.memory_growing(1 << 20, 2 << 20, None).unwrap(),
            "given back"
        );
        assert!(
            !outer.memory_growing(0, 1, Some(0)).unwrap(),
            "the memory's own maximum"
        );
        assert!(!outer.memory_refused, "not the request's limit");
    }

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
        assert_eq!(got.memory_mb, Some(128), "the ceiling is the default");
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
