//! One search box for customers at the counter: the cashier types a name, a phone or a
//! CPF/CNPJ, and this decides which it is, so nobody has to pick a field first.
//!
//! Typed digits (with the usual punctuation) are looked up as a phone and, when they
//! form a valid CPF or CNPJ, as a document too: an 11-digit mobile number and a CPF look
//! alike, so both are tried. Anything else is the start of a name. Only active customers
//! are offered, since a sale may not name a deactivated one.

use super::{Customer, find_customer_by_document, find_customers_by_name, find_customers_by_phone};
use crate::{CoreError, StoreDatabase};

/// Customers matching what the cashier typed, at most `limit`, the document match first.
/// A blank query finds nobody; a query of digits that is neither a phone nor a document
/// finds nobody rather than failing, since the cashier is still typing.
pub fn search_customers(
    database: &StoreDatabase,
    typed: &str,
    limit: u32,
) -> Result<Vec<Customer>, CoreError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    if !looks_like_a_number(typed) {
        return find_customers_by_name(database, typed, limit);
    }
    let mut found: Vec<Customer> = unless_mistyped(find_customer_by_document(database, typed))?
        .flatten()
        .filter(|customer| customer.active)
        .into_iter()
        .collect();
    for customer in unless_mistyped(find_customers_by_phone(database, typed))?.unwrap_or_default() {
        if !found.iter().any(|known| known.id == customer.id) {
            found.push(customer);
        }
    }
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(found)
}

/// `None` when the typed text is not a valid value of that kind (a CPF with a wrong
/// check digit is simply not a document match); database errors still fail the search.
fn unless_mistyped<T>(result: Result<T, CoreError>) -> Result<Option<T>, CoreError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(CoreError::InvalidInput { .. } | CoreError::InvalidDocument(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Digits with phone or document punctuation, and at least one digit.
fn looks_like_a_number(typed: &str) -> bool {
    typed.chars().any(|character| character.is_ascii_digit())
        && typed
            .chars()
            .all(|character| character.is_ascii_digit() || " ()-.+/".contains(character))
}
