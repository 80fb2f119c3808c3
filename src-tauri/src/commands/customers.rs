//! Commands for customers at the counter: one search box (name, phone or CPF/CNPJ) and
//! adding a customer while they wait, so the sale can name them.

use fflow_core::customers::{self, Customer, CustomerDetails};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;

/// How many customers the search shows while the cashier types.
const SEARCH_RESULTS: u32 = 8;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    pub id: String,
    pub name: String,
    /// Digits only.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Normalized CPF (11 digits) or CNPJ (14 characters).
    pub document: Option<String>,
}

impl From<Customer> for CustomerView {
    fn from(customer: Customer) -> Self {
        CustomerView {
            id: customer.id,
            name: customer.name,
            phone: customer.phone,
            email: customer.email,
            document: customer.document,
        }
    }
}

/// What the cashier typed about a new customer; core checks and normalizes it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInput {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub document: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn find_customers(
    context: State<'_, StoreContext>,
    typed: String,
) -> Result<Vec<CustomerView>, CommandError> {
    let found = customers::search_customers(database(&context)?, &typed, SEARCH_RESULTS)?;
    Ok(found.into_iter().map(Into::into).collect())
}

#[tauri::command]
#[specta::specta]
pub fn add_customer(
    context: State<'_, StoreContext>,
    customer: CustomerInput,
) -> Result<CustomerView, CommandError> {
    let details = CustomerDetails {
        name: customer.name,
        phone: customer.phone,
        email: customer.email,
        document: customer.document,
    };
    Ok(customers::create_customer(database(&context)?, &details)?.into())
}
