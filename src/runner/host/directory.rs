//! `clients` and `services`: the fixtures, filtered and paginated as the server does.

use super::*;

fn page_args(page: Option<u32>, size: Option<u32>) -> Option<(u32, u32)> {
    let page = page.unwrap_or(1);
    let size = size.unwrap_or(25);
    (page >= 1 && (1..=100).contains(&size)).then_some((page, size))
}

fn paginate<T: Clone>(items: &[T], page: u32, size: u32) -> Vec<T> {
    items
        .iter()
        .skip((page as usize - 1).saturating_mul(size as usize))
        .take(size as usize)
        .cloned()
        .collect()
}

fn matches_search(search: &Option<String>, name: &str) -> bool {
    search
        .as_ref()
        .is_none_or(|s| name.to_lowercase().contains(&s.to_lowercase()))
}

fn client_summary(c: &crate::runner::fixtures::Client) -> ClientSummary {
    ClientSummary {
        client_id: c.client_id.clone(),
        client_name: c.client_name.clone(),
        client_type: c.client_type.clone(),
        is_inactive: c.is_inactive,
        default_currency_code: c.default_currency_code.clone(),
        account_manager_id: c.account_manager_id.clone(),
        account_manager_name: c.account_manager_name.clone(),
        billing_email: c.billing_email.clone(),
    }
}

impl clients::Host for HostState {
    async fn list_clients(
        &mut self,
        input: ClientsListInput,
    ) -> Result<ClientsListResult, ClientReadError> {
        if !self.granted(Capability::ClientRead) || self.install().is_none() {
            return Err(ClientReadError::NotAllowed);
        }
        let (page, size) =
            page_args(input.page, input.page_size).ok_or(ClientReadError::InvalidInput)?;
        let all: Vec<ClientSummary> = self
            .services
            .fixtures
            .clients
            .iter()
            .filter(|c| input.include_inactive == Some(true) || !c.is_inactive)
            .filter(|c| matches_search(&input.search, &c.client_name))
            .map(client_summary)
            .collect();
        Ok(ClientsListResult {
            total_count: all.len() as u32,
            items: paginate(&all, page, size),
            page,
            page_size: size,
        })
    }

    async fn get_client(
        &mut self,
        client_id: String,
    ) -> Result<Option<ClientSummary>, ClientReadError> {
        if !self.granted(Capability::ClientRead) || self.install().is_none() {
            return Err(ClientReadError::NotAllowed);
        }
        if client_id.trim().is_empty() {
            return Err(ClientReadError::InvalidInput);
        }
        Ok(self
            .services
            .fixtures
            .clients
            .iter()
            .find(|c| c.client_id == client_id)
            .map(client_summary))
    }
}

fn service_summary(s: &crate::runner::fixtures::Service) -> Option<ServiceSummary> {
    Some(ServiceSummary {
        service_id: s.service_id.clone(),
        service_name: s.service_name.clone(),
        item_kind: match s.item_kind.as_str() {
            "service" => ServiceItemKind::Service,
            "product" => ServiceItemKind::Product,
            _ => return None,
        },
        billing_method: match s.billing_method.as_str() {
            "fixed" => ServiceBillingMethod::Fixed,
            "hourly" => ServiceBillingMethod::Hourly,
            "usage" => ServiceBillingMethod::Usage,
            _ => return None,
        },
        service_type_id: s.service_type_id.clone(),
        service_type_name: s.service_type_name.clone(),
        default_rate: s.default_rate,
        unit_of_measure: s.unit_of_measure.clone(),
        is_active: s.is_active,
        sku: s.sku.clone(),
    })
}

impl services::Host for HostState {
    async fn list_services(
        &mut self,
        input: ServicesListInput,
    ) -> Result<ServicesListResult, ServiceReadError> {
        if !self.granted(Capability::ServiceRead) || self.install().is_none() {
            return Err(ServiceReadError::NotAllowed);
        }
        let (page, size) =
            page_args(input.page, input.page_size).ok_or(ServiceReadError::InvalidInput)?;
        let mut all = Vec::new();
        for s in &self.services.fixtures.services {
            let summary = service_summary(s).ok_or(ServiceReadError::Internal)?;
            let keep = matches_search(&input.search, &summary.service_name)
                && input.item_kind.is_none_or(|k| k == summary.item_kind)
                && input
                    .billing_method
                    .is_none_or(|b| b == summary.billing_method)
                && input.is_active.is_none_or(|a| a == summary.is_active);
            if keep {
                all.push(summary);
            }
        }
        Ok(ServicesListResult {
            total_count: all.len() as u32,
            items: paginate(&all, page, size),
            page,
            page_size: size,
        })
    }

    async fn get_service(
        &mut self,
        service_id: String,
    ) -> Result<Option<ServiceSummary>, ServiceReadError> {
        if !self.granted(Capability::ServiceRead) || self.install().is_none() {
            return Err(ServiceReadError::NotAllowed);
        }
        match self
            .services
            .fixtures
            .services
            .iter()
            .find(|s| s.service_id == service_id)
        {
            Some(s) => service_summary(s)
                .map(Some)
                .ok_or(ServiceReadError::Internal),
            None => Ok(None),
        }
    }
}
