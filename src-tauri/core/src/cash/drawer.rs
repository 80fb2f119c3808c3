//! Opening the cash drawer outside a sale ("no sale": change for a customer, a cash
//! count). A manager or owner may do it alone; a cashier needs a manager's approval (a
//! [`ManagerApproval`], which only a manager's PIN check makes). Every opening is in the
//! audit log with who, who approved and why; a refused request records nothing.
//!
//! The drawer usually hangs off the receipt printer, so opening it is the ESC/POS pulse
//! sent to the printer; on a Raspberry Pi counter it may be wired to a GPIO pin instead
//! ([`super::drawer_wiring`]). [`authorize_drawer_opening`] audits and hands the pulse to a caller that
//! sends it by its own means; [`open_drawer_on_printer`] also sends it. There the
//! audit row is written in the same transaction that sends the pulse and is committed
//! only when bytes may have reached the printer, so an opening is never left out of the
//! log and a printer that was never reached leaves no row claiming the drawer opened.

use std::time::Duration;

use fflow_devices::escpos::{DrawerPin, drawer_kick_pulse};
use fflow_devices::network_printer::NetworkTimeouts;
use fflow_devices::printer_connection::{PrinterConnection, send_to_printer};
use rusqlite::Transaction;
use serde_json::json;

use super::drawer_wiring::{DrawerWiring, drawer_wiring, kick_gpio_drawer};
use super::sessions::open_session_id;
use crate::people::{ManagerApproval, require_active_user};
use crate::printer_settings::receipt_printer;
use crate::records::{AuditEntry, append_to_audit_log, now_millis};
use crate::{CoreError, StoreDatabase};

/// The drawer connector most drawers are wired to, the one receipts kick too.
const DRAWER_PIN: DrawerPin = DrawerPin::Pin2;

/// The pulse is 5 bytes, and the writer is held while it is sent (see the module doc),
/// so the waits are much shorter than a receipt's.
const PULSE_TIMEOUTS: NetworkTimeouts = NetworkTimeouts {
    connect: Duration::from_secs(2),
    write: Duration::from_secs(2),
    // Five bytes are not worth a status round trip; a printer that cannot take them says
    // so through the write timeout.
    status_answer: None,
};

/// Who asks to open the drawer, and why.
#[derive(Debug, Clone, Copy)]
pub struct DrawerOpeningRequest<'a> {
    pub user_id: &'a str,
    pub reason: &'a str,
    /// Needed when the user is a cashier.
    pub approval: Option<&'a ManagerApproval>,
}

/// Checks that the request may open the drawer, records the opening in the audit log and
/// returns the ESC/POS pulse to send to the printer the drawer is wired to.
pub fn authorize_drawer_opening(
    database: &StoreDatabase,
    request: &DrawerOpeningRequest<'_>,
) -> Result<Vec<u8>, CoreError> {
    let reason = checked_reason(request)?;
    database.write(|transaction| {
        audit_opening(transaction, request, reason, "handed_to_caller")?;
        Ok(drawer_kick_pulse(DRAWER_PIN).to_vec())
    })
}

/// Opens the drawer through the receipt printer on `printer`, after the same checks
/// as [`authorize_drawer_opening`]. A printer that could not be reached gives
/// [`CoreError::DrawerNotOpened`] and no audit row; a printer that failed after the pulse
/// started to leave gives [`CoreError::DrawerStateUnknown`], audited as an opening.
pub fn open_drawer_on_printer(
    database: &StoreDatabase,
    request: &DrawerOpeningRequest<'_>,
    printer: &PrinterConnection,
) -> Result<(), CoreError> {
    let reason = checked_reason(request)?;
    let pulse = drawer_kick_pulse(DRAWER_PIN);
    let sent_partly = database.write(|transaction| {
        audit_opening(transaction, request, reason, "sent_to_printer")?;
        match send_to_printer(printer, &pulse, &PULSE_TIMEOUTS) {
            Ok(()) => Ok(None),
            // Returning an error rolls the audit row back: the drawer cannot have opened.
            Err(error) if error.nothing_was_sent() => {
                Err(CoreError::DrawerNotOpened(error.to_string()))
            }
            // Part of the pulse may have reached the printer: keep the row.
            Err(error) => Ok(Some(error.to_string())),
        }
    })?;
    match sent_partly {
        None => Ok(()),
        Some(reason) => Err(CoreError::DrawerStateUnknown(reason)),
    }
}

/// Opens the drawer the way the settings say it is wired: through the receipt printer
/// ([`open_drawer_on_receipt_printer`]) or on a GPIO pin, where the audit row is kept
/// only when the pin was driven.
pub fn open_cash_drawer(
    database: &StoreDatabase,
    request: &DrawerOpeningRequest<'_>,
) -> Result<(), CoreError> {
    match drawer_wiring(database)? {
        DrawerWiring::ReceiptPrinter => open_drawer_on_receipt_printer(database, request),
        DrawerWiring::Gpio(pulse) => {
            let reason = checked_reason(request)?;
            database.write(|transaction| {
                audit_opening(transaction, request, reason, "gpio_pulse")?;
                // An error rolls the audit row back: the pin was never driven.
                kick_gpio_drawer(&pulse)
            })
        }
    }
}

/// After a committed sale paid partly in cash, opens a drawer wired to a GPIO pin (a
/// drawer on the printer opens with the receipt instead). Answers whether it pulsed.
/// The sale is the record of this opening, so nothing is audited here.
pub fn open_gpio_drawer_after_cash_sale(
    database: &StoreDatabase,
    sale_id: &str,
) -> Result<bool, CoreError> {
    let DrawerWiring::Gpio(pulse) = drawer_wiring(database)? else {
        return Ok(false);
    };
    let paid_cash: bool = database.read(|connection| {
        Ok(connection
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM sale_payments WHERE sale_id = ?1 AND kind = 'cash')",
            )?
            .query_row([sale_id], |row| row.get(0))?)
    })?;
    if !paid_cash {
        return Ok(false);
    }
    kick_gpio_drawer(&pulse)?;
    Ok(true)
}

/// Opens the drawer through the receipt printer in the settings, as
/// [`open_drawer_on_printer`] does; without a printer set up nothing is audited and the
/// answer says where to set one up.
pub fn open_drawer_on_receipt_printer(
    database: &StoreDatabase,
    request: &DrawerOpeningRequest<'_>,
) -> Result<(), CoreError> {
    let printer = receipt_printer(database)?.ok_or_else(|| {
        CoreError::DrawerNotOpened(
            "no receipt printer is set up, and the drawer opens through it; set one up in the printer settings"
                .to_owned(),
        )
    })?;
    open_drawer_on_printer(database, request, &printer.connection)
}

fn checked_reason<'a>(request: &DrawerOpeningRequest<'a>) -> Result<&'a str, CoreError> {
    let reason = request.reason.trim();
    if reason.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "reason",
            reason: "say why the drawer is opened outside a sale".to_owned(),
        });
    }
    Ok(reason)
}

/// Checks the user's role (and the approval a cashier needs) and appends the audit row.
fn audit_opening(
    transaction: &Transaction<'_>,
    request: &DrawerOpeningRequest<'_>,
    reason: &str,
    how: &str,
) -> Result<(), CoreError> {
    let user = require_active_user(transaction, request.user_id)?;
    let approved_by = if user.role.approves() {
        None
    } else {
        let approval = request.approval.ok_or(CoreError::ManagerApprovalRequired {
            action: "opening the cash drawer outside a sale",
        })?;
        Some(approval.manager().id.as_str())
    };
    let session = open_session_id(transaction)?;
    append_to_audit_log(
        transaction,
        &AuditEntry {
            actor_id: Some(&user.id),
            approved_by,
            action: "cash_drawer.opened",
            entity: "cash_drawer",
            entity_id: session.as_deref().unwrap_or("no_open_session"),
            before: None,
            after: Some(json!({ "reason": reason, "how": how, "role": user.role.as_str() })),
            occurred_at: now_millis(),
        },
    )
}
