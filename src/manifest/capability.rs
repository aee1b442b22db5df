//! Capability strings the Alga server and Runner know (`cap:*`).

/// A capability an extension can be granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    ContextRead,
    SecretsGet,
    HttpFetch,
    StorageKv,
    LogEmit,
    UiProxy,
    UserRead,
    SchedulerManage,
    InvoiceManualCreate,
    ClientRead,
    ServiceRead,
}

impl Capability {
    pub const ALL: [Capability; 11] = [
        Capability::ContextRead,
        Capability::SecretsGet,
        Capability::HttpFetch,
        Capability::StorageKv,
        Capability::LogEmit,
        Capability::UiProxy,
        Capability::UserRead,
        Capability::SchedulerManage,
        Capability::InvoiceManualCreate,
        Capability::ClientRead,
        Capability::ServiceRead,
    ];

    /// Granted to every extension whether declared or not.
    pub const DEFAULTS: [Capability; 3] = [
        Capability::ContextRead,
        Capability::LogEmit,
        Capability::UserRead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Capability::ContextRead => "cap:context.read",
            Capability::SecretsGet => "cap:secrets.get",
            Capability::HttpFetch => "cap:http.fetch",
            Capability::StorageKv => "cap:storage.kv",
            Capability::LogEmit => "cap:log.emit",
            Capability::UiProxy => "cap:ui.proxy",
            Capability::UserRead => "cap:user.read",
            Capability::SchedulerManage => "cap:scheduler.manage",
            Capability::InvoiceManualCreate => "cap:invoice.manual.create",
            Capability::ClientRead => "cap:client.read",
            Capability::ServiceRead => "cap:service.read",
        }
    }

    /// Parses a capability the way the server and Runner normalise it (trim, ASCII lowercase).
    pub fn parse(text: &str) -> Option<Capability> {
        let norm = text.trim().to_ascii_lowercase();
        Capability::ALL.into_iter().find(|c| c.as_str() == norm)
    }

    /// The `cap:` form of a legacy un-prefixed name such as `http.fetch`.
    pub fn from_legacy(text: &str) -> Option<Capability> {
        let norm = text.trim().to_ascii_lowercase();
        Capability::ALL
            .into_iter()
            .find(|c| c.as_str().strip_prefix("cap:") == Some(norm.as_str()))
    }
}

impl serde::Serialize for Capability {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Capability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_normalises() {
        assert_eq!(
            Capability::parse(" CAP:Http.Fetch "),
            Some(Capability::HttpFetch)
        );
        assert_eq!(Capability::parse("cap:debug.logs"), None);
        assert_eq!(
            Capability::from_legacy("storage.kv"),
            Some(Capability::StorageKv)
        );
        for c in Capability::ALL {
            assert_eq!(Capability::parse(c.as_str()), Some(c));
        }
    }
}
