//! Dev data for the interfaces backed by the Alga server in production: the signed-in user,
//! clients and services (`.alga/fixtures.json`, with defaults when absent).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::api::User;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fixtures {
    #[serde(default = "default_user")]
    pub user: User,
    #[serde(default = "default_clients")]
    pub clients: Vec<Client>,
    #[serde(default = "default_services")]
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Client {
    pub client_id: String,
    pub client_name: String,
    #[serde(default)]
    pub client_type: Option<String>,
    #[serde(default)]
    pub is_inactive: bool,
    #[serde(default)]
    pub default_currency_code: Option<String>,
    #[serde(default)]
    pub account_manager_id: Option<String>,
    #[serde(default)]
    pub account_manager_name: Option<String>,
    #[serde(default)]
    pub billing_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Service {
    pub service_id: String,
    pub service_name: String,
    /// `service` or `product`.
    pub item_kind: String,
    /// `fixed`, `hourly` or `usage`.
    pub billing_method: String,
    #[serde(default)]
    pub service_type_id: Option<String>,
    #[serde(default)]
    pub service_type_name: Option<String>,
    pub default_rate: f64,
    #[serde(default = "each")]
    pub unit_of_measure: String,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub sku: Option<String>,
}

fn each() -> String {
    "each".into()
}

fn yes() -> bool {
    true
}

impl Default for Fixtures {
    fn default() -> Self {
        Fixtures {
            user: default_user(),
            clients: default_clients(),
            services: default_services(),
        }
    }
}

fn default_user() -> User {
    User {
        user_id: "00000000-0000-4000-8000-000000000001".into(),
        user_email: "dev@example.com".into(),
        user_name: "Dev User".into(),
        user_type: "internal".into(),
        client_name: "Example MSP".into(),
        client_id: None,
        additional_fields: Default::default(),
    }
}

fn default_clients() -> Vec<Client> {
    let client = |id: &str, name: &str, inactive: bool| Client {
        client_id: id.into(),
        client_name: name.into(),
        client_type: Some("company".into()),
        is_inactive: inactive,
        default_currency_code: Some("USD".into()),
        account_manager_id: None,
        account_manager_name: Some("Dev User".into()),
        billing_email: Some(format!(
            "billing@{}.example",
            name.to_lowercase().replace(' ', "-")
        )),
    };
    vec![
        client("c-0001", "Acme Corp", false),
        client("c-0002", "Globex", false),
        client("c-0003", "Initech", true),
    ]
}

fn default_services() -> Vec<Service> {
    let service = |id: &str, name: &str, kind: &str, billing: &str, rate: f64| Service {
        service_id: id.into(),
        service_name: name.into(),
        item_kind: kind.into(),
        billing_method: billing.into(),
        service_type_id: None,
        service_type_name: None,
        default_rate: rate,
        unit_of_measure: "each".into(),
        is_active: true,
        sku: None,
    };
    vec![
        service("s-0001", "Managed Workstation", "service", "fixed", 4500.0),
        service("s-0002", "Onsite Support", "service", "hourly", 12500.0),
        service("s-0003", "Backup Storage (GB)", "service", "usage", 15.0),
        service("p-0001", "Firewall Appliance", "product", "fixed", 89900.0),
    ]
}

/// Reads `.alga/fixtures.json`, or the defaults when there is none.
pub fn load(path: &Path) -> anyhow::Result<Fixtures> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            anyhow::Error::new(crate::error::UserError::with_hint(
                format!("invalid fixtures in `{}`: {e}", path.display()),
                "keys: user, clients, services (see the README's fixtures example)",
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Fixtures::default()),
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot read `{}`", path.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_example_parses() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("```json\n{\n  \"user\"")
            .expect("example in README")
            + 8;
        let end = start + readme[start..].find("```").unwrap();
        let f: Fixtures = serde_json::from_str(&readme[start..end]).unwrap();
        assert_eq!(f.user.additional_fields["team"], "ops");
        assert_eq!(f.services[0].unit_of_measure, "hour");
        assert_eq!(f.clients[0].client_name, "Acme");
        let empty: Fixtures = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.clients.len(), 3);
        assert!(serde_json::from_str::<Fixtures>("{\"clients\": [{\"id\": 1}]}").is_err());
    }
}
