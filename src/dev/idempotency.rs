//! Answers kept for `x-idempotency-key`, bounded: a client sending a new key with every large
//! request must not be able to fill the server's memory. The oldest answers go first.

use std::collections::{HashMap, VecDeque};

use crate::runner::api::ExecuteResponse;

/// At most this many answers are kept...
const MAX_ANSWERS: usize = 1024;
/// ...holding at most this many bytes; a larger single answer is not kept at all.
const MAX_BYTES: usize = 32 << 20;

#[derive(Default)]
pub struct Answers {
    map: HashMap<String, (ExecuteResponse, usize)>,
    order: VecDeque<String>,
    bytes: usize,
}

fn size(key: &str, resp: &ExecuteResponse) -> usize {
    key.len()
        + resp.body_b64.as_ref().map_or(0, String::len)
        + resp.error.as_ref().map_or(0, String::len)
        + resp
            .headers
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>()
}

impl Answers {
    pub fn get(&self, key: &str) -> Option<&ExecuteResponse> {
        self.map.get(key).map(|(r, _)| r)
    }

    pub fn insert(&mut self, key: String, resp: ExecuteResponse) {
        let n = size(&key, &resp);
        if n > MAX_BYTES / 4 {
            return;
        }
        if let Some((_, old)) = self.map.remove(&key) {
            self.bytes -= old;
            self.order.retain(|k| k != &key);
        }
        while self.map.len() >= MAX_ANSWERS || self.bytes + n > MAX_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some((_, old)) = self.map.remove(&oldest) {
                self.bytes -= old;
            }
        }
        self.bytes += n;
        self.order.push_back(key.clone());
        self.map.insert(key, (resp, n));
    }

    pub fn clear(&mut self) {
        *self = Answers::default();
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.len()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: usize) -> ExecuteResponse {
        ExecuteResponse {
            status: 200,
            headers: Default::default(),
            body_b64: Some("A".repeat(body)),
            error: None,
        }
    }

    #[test]
    fn new_keys_cannot_fill_memory() {
        let mut a = Answers::default();
        for i in 0..200 {
            a.insert(format!("k{i}"), answer(1 << 20));
        }
        assert!(a.bytes() <= MAX_BYTES, "{}", a.bytes());
        assert!(a.get("k199").is_some(), "the newest is kept");
        assert!(a.get("k0").is_none(), "the oldest went first");
        for i in 0..5000 {
            a.insert(format!("s{i}"), answer(1));
        }
        assert_eq!(a.len(), MAX_ANSWERS);
        a.insert("huge".into(), answer(MAX_BYTES));
        assert!(a.get("huge").is_none());
        a.insert("s4999".into(), answer(3));
        assert_eq!(a.len(), MAX_ANSWERS);
        a.clear();
        assert!(a.is_empty());
        assert_eq!(a.bytes(), 0);
    }
}
