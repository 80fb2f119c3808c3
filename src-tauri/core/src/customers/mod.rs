//! Customers: created, changed, found (by the start of the name, phone or tax document)
//! and deactivated, each change with its outbox event. A customer is never deleted, since
//! sales keep pointing at them.
//!
//! Documents are CPF or CNPJ, validated by `fflow_protocol::tax_id` and stored normalized
//! (no punctuation), so the same person typed two ways is still one customer; the database
//! keeps them unique. Phones are stored as digits only, so look-ups ignore how they were
//! typed. Name search is by prefix of the folded name (`name_folding`): case and accents
//! do not matter, and it is a range scan of an index.

mod counter_search;
mod name_folding;

pub use counter_search::search_customers;

use fflow_protocol::tax_id::{Cnpj, Cpf};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::records::{OutboxEvent, append_to_outbox, new_id, now_millis};
use crate::{CoreError, StoreDatabase};
use name_folding::folded_name;

/// Brazilian numbers: 8 digits local, up to 13 with country and area codes.
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 8..=13;
const CUSTOMER_COLUMNS: &str = "id, name, phone, email, document, active";

/// What the counter types about a customer. No `Default`: each field is a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetails {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// CPF or CNPJ, with or without punctuation.
    pub document: Option<String>,
}

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub name: String,
    /// Digits only.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Normalized CPF (11 digits) or CNPJ (14 characters).
    pub document: Option<String>,
    pub active: bool,
}

/// Adds a customer.
pub fn create_customer(
    database: &StoreDatabase,
    details: &CustomerDetails,
) -> Result<Customer, CoreError> {
    let customer = validated(new_id(), details)?;
    database.write(|transaction| {
        refuse_taken_document(transaction, customer.document.as_deref(), &customer.id)?;
        let at = now_millis();
        transaction.execute(
            "INSERT INTO customers (id, name, search_name, phone, email, document, active,
                                    created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)",
            params![
                customer.id,
                customer.name,
                folded_name(&customer.name),
                customer.phone,
                customer.email,
                customer.document,
                at
            ],
        )?;
        record_change(transaction, &customer, "customer.created", at)?;
        Ok(customer)
    })
}

/// Replaces the details of the active customer `id`.
pub fn update_customer(
    database: &StoreDatabase,
    id: &str,
    details: &CustomerDetails,
) -> Result<Customer, CoreError> {
    let customer = validated(id.to_owned(), details)?;
    database.write(|transaction| {
        require_active_customer(transaction, id)?;
        refuse_taken_document(transaction, customer.document.as_deref(), id)?;
        let at = now_millis();
        transaction.execute(
            "UPDATE customers SET name = ?2, search_name = ?3, phone = ?4, email = ?5,
                                  document = ?6, updated_at = ?7
             WHERE id = ?1",
            params![
                id,
                customer.name,
                folded_name(&customer.name),
                customer.phone,
                customer.email,
                customer.document,
                at
            ],
        )?;
        record_change(transaction, &customer, "customer.updated", at)?;
        Ok(customer)
    })
}

/// Deactivates the customer `id`: they are no longer found or attached to new sales, and
/// their past sales keep naming them. Deactivating twice changes nothing more.
pub fn deactivate_customer(database: &StoreDatabase, id: &str) -> Result<(), CoreError> {
    database.write(|transaction| {
        let customer = customer_on(transaction, id)?
            .ok_or_else(|| CoreError::UnknownCustomer(id.to_owned()))?;
        if !customer.active {
            return Ok(());
        }
        let at = now_millis();
        transaction.execute(
            "UPDATE customers SET active = 0, updated_at = ?2 WHERE id = ?1",
            params![id, at],
        )?;
        let customer = Customer {
            active: false,
            ..customer
        };
        record_change(transaction, &customer, "customer.deactivated", at)
    })
}

/// The customer `id`, active or not.
pub fn customer_by_id(database: &StoreDatabase, id: &str) -> Result<Option<Customer>, CoreError> {
    database.read(|connection| customer_on(connection, id))
}

/// Active customers whose name starts with `prefix`, by name, at most `limit`.
pub fn find_customers_by_name(
    database: &StoreDatabase,
    prefix: &str,
    limit: u32,
) -> Result<Vec<Customer>, CoreError> {
    let from = folded_name(prefix);
    // Every name starting with `from` sorts between `from` and `from` followed by the
    // largest character, so the index on search_name answers with a range scan.
    let until = format!("{from}{}", char::MAX);
    customers_where(
        database,
        "search_name >= ?1 AND search_name < ?2 AND active = 1
         ORDER BY search_name, id LIMIT ?3",
        params![from, until, limit],
    )
}

/// Active customers with `phone` (typed any way), by name.
pub fn find_customers_by_phone(
    database: &StoreDatabase,
    phone: &str,
) -> Result<Vec<Customer>, CoreError> {
    let Some(phone) = normalized_phone(phone)? else {
        return Ok(Vec::new());
    };
    customers_where(
        database,
        "phone = ?1 AND active = 1 ORDER BY search_name, id",
        params![phone],
    )
}

/// Customers matching `condition` (a WHERE clause of this module's, with its ORDER BY).
fn customers_where(
    database: &StoreDatabase,
    condition: &str,
    parameters: impl rusqlite::Params,
) -> Result<Vec<Customer>, CoreError> {
    database.read(|connection| {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE {condition}");
        let mut statement = connection.prepare_cached(&sql)?;
        let rows = statement.query_map(parameters, customer_from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
}

/// The customer with the CPF or CNPJ `document` (typed with or without punctuation),
/// active or not, so the counter can tell "deactivated" from "unknown".
pub fn find_customer_by_document(
    database: &StoreDatabase,
    document: &str,
) -> Result<Option<Customer>, CoreError> {
    let Some(document) = normalized_document(document)? else {
        return Ok(None);
    };
    database.read(|connection| {
        let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE document = ?1");
        Ok(connection
            .prepare_cached(&sql)?
            .query_row([document], customer_from_row)
            .optional()?)
    })
}

/// Refuses an unknown or deactivated customer; sales and parked carts call it before
/// naming one.
pub(crate) fn require_active_customer(connection: &Connection, id: &str) -> Result<(), CoreError> {
    match customer_on(connection, id)? {
        None => Err(CoreError::UnknownCustomer(id.to_owned())),
        Some(customer) if !customer.active => Err(CoreError::InactiveCustomer(customer.name)),
        Some(_) => Ok(()),
    }
}

fn customer_on(connection: &Connection, id: &str) -> Result<Option<Customer>, CoreError> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1");
    Ok(connection
        .prepare_cached(&sql)?
        .query_row([id], customer_from_row)
        .optional()?)
}

fn customer_from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: row.get(0)?,
        name: row.get(1)?,
        phone: row.get(2)?,
        email: row.get(3)?,
        document: row.get(4)?,
        active: row.get(5)?,
    })
}

fn validated(id: String, details: &CustomerDetails) -> Result<Customer, CoreError> {
    let name = details.name.trim();
    if name.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "name",
            reason: "a customer needs a name".to_owned(),
        });
    }
    let email = details
        .email
        .as_deref()
        .map(str::trim)
        .filter(|email| !email.is_empty());
    if let Some(email) = email
        && (!email.contains('@') || email.contains(char::is_whitespace))
    {
        return Err(CoreError::InvalidInput {
            field: "email",
            reason: "an e-mail address looks like nome@exemplo.com.br".to_owned(),
        });
    }
    Ok(Customer {
        id,
        name: name.to_owned(),
        phone: normalized_phone(details.phone.as_deref().unwrap_or_default())?,
        email: email.map(str::to_owned),
        document: normalized_document(details.document.as_deref().unwrap_or_default())?,
        active: true,
    })
}

/// Digits only; `None` when blank. Spaces, brackets, dashes, dots and a leading `+` are
/// how people write numbers, anything else is a typo.
fn normalized_phone(phone: &str) -> Result<Option<String>, CoreError> {
    if phone.trim().is_empty() {
        return Ok(None);
    }
    let typo = || CoreError::InvalidInput {
        field: "phone",
        reason: "a phone number has 8 to 13 digits, such as (11) 98765-4321".to_owned(),
    };
    let mut digits = String::new();
    for character in phone.chars() {
        match character {
            '0'..='9' => digits.push(character),
            ' ' | '(' | ')' | '-' | '.' | '+' => {}
            _ => return Err(typo()),
        }
    }
    if !PHONE_DIGITS.contains(&digits.len()) {
        return Err(typo());
    }
    Ok(Some(digits))
}

/// A CPF when it has 11 digits, otherwise a CNPJ (numeric or alphanumeric); `None` when
/// blank.
fn normalized_document(document: &str) -> Result<Option<String>, CoreError> {
    let compact: String = document
        .chars()
        .filter(|character| !matches!(character, '.' | '-' | '/' | ' '))
        .collect();
    if compact.is_empty() {
        return Ok(None);
    }
    if compact.len() == 11 && compact.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(Some(Cpf::parse(&compact)?.as_str().to_owned()))
    } else {
        Ok(Some(Cnpj::parse(&compact)?.as_str().to_owned()))
    }
}

/// Refuses `document` when a customer other than `owner_id` has it. Checked inside the
/// write transaction; the unique index would refuse it anyway, with a less clear error.
fn refuse_taken_document(
    transaction: &Transaction<'_>,
    document: Option<&str>,
    owner_id: &str,
) -> Result<(), CoreError> {
    let Some(document) = document else {
        return Ok(());
    };
    let holder: Option<String> = transaction
        .prepare_cached("SELECT id FROM customers WHERE document = ?1")?
        .query_row([document], |row| row.get(0))
        .optional()?;
    match holder {
        Some(holder) if holder != owner_id => {
            Err(CoreError::DuplicateDocument(document.to_owned()))
        }
        _ => Ok(()),
    }
}

fn record_change(
    transaction: &Transaction<'_>,
    customer: &Customer,
    kind: &str,
    at: i64,
) -> Result<(), CoreError> {
    append_to_outbox(
        transaction,
        &OutboxEvent {
            aggregate: "customer",
            aggregate_id: &customer.id,
            kind,
            payload: json!(customer),
            occurred_at: at,
        },
    )?;
    Ok(())
}
