//! Commands of the return screen: find the sale, see the refund due, and record the
//! return with a manager's PIN.

use fflow_core::checkout::{self, ReturnableLine, ReturnableSale};
use fflow_core::people;
use fflow_core::sale::returns::{self, ReturnRequest};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use super::inputs::{
    ManagerPinInput, PaymentInput, ReturnLineInput, core_payments, core_return_lines,
};
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnableLineView {
    #[specta(type = i32)]
    pub line_no: i64,
    pub name: String,
    #[specta(type = i32)]
    pub quantity_milli: i64,
    #[specta(type = i32)]
    pub returnable_milli: i64,
    #[specta(type = i32)]
    pub total_cents: i64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnableSaleView {
    pub sale_id: String,
    pub code: String,
    #[specta(type = i32)]
    pub total_cents: i64,
    pub lines: Vec<ReturnableLineView>,
}

impl From<ReturnableSale> for ReturnableSaleView {
    fn from(sale: ReturnableSale) -> Self {
        ReturnableSaleView {
            sale_id: sale.sale_id,
            code: sale.code,
            total_cents: sale.total_cents,
            lines: sale.lines.into_iter().map(line_view).collect(),
        }
    }
}

fn line_view(line: ReturnableLine) -> ReturnableLineView {
    ReturnableLineView {
        line_no: line.line_no,
        name: line.name,
        quantity_milli: line.quantity_milli,
        returnable_milli: line.returnable_milli,
        total_cents: line.total_cents,
    }
}

/// A return as the cashier filled it in, with the approving manager's PIN.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnInput {
    pub sale: String,
    pub lines: Vec<ReturnLineInput>,
    pub refunds: Vec<PaymentInput>,
    pub restock: bool,
    pub reason: String,
    pub approval: ManagerPinInput,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompletedReturnView {
    pub id: String,
    #[specta(type = i32)]
    pub refund_cents: i64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RefundDueView {
    #[specta(type = i32)]
    pub cents: i64,
}

#[tauri::command]
#[specta::specta]
pub fn returnable_sale(
    context: State<'_, StoreContext>,
    sale: String,
) -> Result<ReturnableSaleView, CommandError> {
    Ok(checkout::returnable_sale(database(&context)?, &sale)?.into())
}

#[tauri::command]
#[specta::specta]
pub fn refund_due(
    context: State<'_, StoreContext>,
    sale: String,
    lines: Vec<ReturnLineInput>,
) -> Result<RefundDueView, CommandError> {
    let due = returns::refund_due(database(&context)?, &sale, &core_return_lines(&lines))?;
    Ok(RefundDueView { cents: due.0 })
}

/// Records the return for the signed-in cashier once the manager's PIN checks out.
#[tauri::command]
#[specta::specta]
pub fn return_sale(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    request: ReturnInput,
) -> Result<CompletedReturnView, CommandError> {
    let database = database(&context)?;
    let approval = people::manager_approval(
        database,
        &request.approval.manager_id,
        &request.approval.pin,
        "a return",
    )?;
    let completed = returns::return_sale(
        database,
        &ReturnRequest {
            sale: request.sale,
            cashier_id: signed_in.current()?.id,
            approval,
            lines: core_return_lines(&request.lines),
            refunds: core_payments(&request.refunds),
            restock: request.restock,
            reason: request.reason,
        },
    )?;
    Ok(CompletedReturnView {
        id: completed.id,
        refund_cents: completed.refund_cents,
    })
}
