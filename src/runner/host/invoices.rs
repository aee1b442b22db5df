//! `invoicing`: manual invoices kept in the dev database.

use super::schedules::field_errors;
use super::*;

impl invoicing::Host for HostState {
    async fn create_manual_invoice(
        &mut self,
        input: CreateManualInvoiceInput,
    ) -> CreateManualInvoiceResult {
        let fail = |error: String, fields: Option<String>| CreateManualInvoiceResult {
            success: false,
            invoice_id: None,
            invoice_number: None,
            status: None,
            subtotal: None,
            tax: None,
            total: None,
            error: Some(error),
            field_errors: fields,
        };
        if !self.granted(Capability::InvoiceManualCreate) {
            return fail(
                "Permission denied: cap:invoice.manual.create not granted".into(),
                None,
            );
        }
        if self.install().is_none() {
            return fail("Permission denied: install_id missing".into(), None);
        }
        let fixtures = &self.services.fixtures;
        if !fixtures
            .clients
            .iter()
            .any(|c| c.client_id == input.client_id)
        {
            return fail(
                "Validation failed".into(),
                field_errors("clientId", "unknown client"),
            );
        }
        if input.items.is_empty() {
            return fail(
                "Validation failed".into(),
                field_errors("items", "at least one item is required"),
            );
        }
        let subtotal = match subtotal_of(&input.items, &fixtures.services) {
            Ok(subtotal) => subtotal,
            Err(fields) => return fail("Validation failed".into(), fields),
        };
        let id = crate::runner::new_id();
        let body = serde_json::json!({
            "clientId": input.client_id,
            "items": input.items.len(),
            "subtotal": subtotal,
            "invoiceDate": input.invoice_date,
            "dueDate": input.due_date,
            "poNumber": input.po_number,
        });
        match self
            .services
            .store
            .insert_invoice(&self.scope(), &id, &body.to_string())
        {
            Ok(number) => CreateManualInvoiceResult {
                success: true,
                invoice_id: Some(id),
                invoice_number: Some(number),
                status: Some("draft".into()),
                subtotal: Some(subtotal),
                tax: Some(0.0),
                total: Some(subtotal),
                error: None,
                field_errors: None,
            },
            Err(_) => fail("internal error".into(), None),
        }
    }
}

/// The subtotal of the items (discounts taken off in order), or the field errors of the first
/// item that names an unknown service or a quantity that is not positive.
fn subtotal_of(
    items: &[ManualInvoiceItemInput],
    services: &[crate::runner::fixtures::Service],
) -> Result<f64, Option<String>> {
    let mut subtotal = 0.0;
    for (i, item) in items.iter().enumerate() {
        if !services.iter().any(|s| s.service_id == item.service_id) {
            return Err(field_errors(
                &format!("items[{i}].serviceId"),
                "unknown service",
            ));
        }
        if item.quantity.is_nan() || item.quantity <= 0.0 {
            return Err(field_errors(
                &format!("items[{i}].quantity"),
                "must be positive",
            ));
        }
        let amount = item.quantity * item.rate;
        if item.is_discount == Some(true) {
            subtotal -= match item.discount_type {
                Some(DiscountType::Percentage) => subtotal * item.rate / 100.0,
                _ => amount.abs(),
            };
        } else {
            subtotal += amount;
        }
    }
    Ok(subtotal)
}
