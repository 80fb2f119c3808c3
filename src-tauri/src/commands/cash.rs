//! Commands of the cash session: open with a float, cash in and out, the X report at any
//! time, and closing with counted amounts, which answers the Z report.

use fflow_core::cash::{self, CashMovementKind, MethodTotals, SessionReport};
use fflow_core::checkout;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use super::inputs::AmountInput;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MethodTotalsView {
    pub method_code: String,
    pub label: String,
    pub kind: String,
    #[specta(type = i32)]
    pub payments_cents: i64,
    #[specta(type = i32)]
    pub refunds_cents: i64,
    #[specta(type = i32)]
    pub expected_cents: i64,
    #[specta(type = Option<i32>)]
    pub counted_cents: Option<i64>,
    #[specta(type = Option<i32>)]
    pub difference_cents: Option<i64>,
}

/// The X report of an open session, or the Z report of a closed one.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionReportView {
    pub session_id: String,
    pub closed: bool,
    #[specta(type = i32)]
    pub opening_float_cents: i64,
    #[specta(type = i32)]
    pub sales_count: i64,
    #[specta(type = i32)]
    pub gross_cents: i64,
    #[specta(type = i32)]
    pub discount_cents: i64,
    #[specta(type = i32)]
    pub tax_cents: i64,
    #[specta(type = i32)]
    pub sales_total_cents: i64,
    #[specta(type = i32)]
    pub change_cents: i64,
    #[specta(type = i32)]
    pub returns_count: i64,
    #[specta(type = i32)]
    pub refunds_cents: i64,
    #[specta(type = i32)]
    pub cash_in_cents: i64,
    #[specta(type = i32)]
    pub cash_out_cents: i64,
    pub methods: Vec<MethodTotalsView>,
}

impl From<MethodTotals> for MethodTotalsView {
    fn from(totals: MethodTotals) -> Self {
        MethodTotalsView {
            method_code: totals.method_code,
            label: totals.label,
            kind: totals.kind,
            payments_cents: totals.payments_cents,
            refunds_cents: totals.refunds_cents,
            expected_cents: totals.expected_cents,
            counted_cents: totals.counted_cents,
            difference_cents: totals.difference_cents,
        }
    }
}

impl From<SessionReport> for SessionReportView {
    fn from(report: SessionReport) -> Self {
        SessionReportView {
            session_id: report.session_id,
            closed: report.closed,
            opening_float_cents: report.opening_float_cents,
            sales_count: report.sales_count,
            gross_cents: report.gross_cents,
            discount_cents: report.discount_cents,
            tax_cents: report.tax_cents,
            sales_total_cents: report.sales_total_cents,
            change_cents: report.change_cents,
            returns_count: report.returns_count,
            refunds_cents: report.refunds_cents,
            cash_in_cents: report.cash_in_cents,
            cash_out_cents: report.cash_out_cents,
            methods: report.methods.into_iter().map(Into::into).collect(),
        }
    }
}

/// Cash put into or taken out of the drawer, and why.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CashMovementInput {
    pub direction: CashDirection,
    #[specta(type = i32)]
    pub amount_cents: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CashDirection {
    In,
    Out,
}

/// What was counted for one payment method at closing.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CountedInput {
    pub method_code: String,
    #[specta(type = i32)]
    pub counted_cents: i64,
}

/// The X report of the open session; `None` when no session is open.
#[tauri::command]
#[specta::specta]
pub fn session_report(
    context: State<'_, StoreContext>,
) -> Result<Option<SessionReportView>, CommandError> {
    Ok(checkout::open_session_report(database(&context)?)?.map(Into::into))
}

#[tauri::command]
#[specta::specta]
pub fn open_session(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    float: AmountInput,
) -> Result<(), CommandError> {
    cash::open_session(database(&context)?, &signed_in.current()?.id, float.cents)?;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub fn cash_movement(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    movement: CashMovementInput,
) -> Result<(), CommandError> {
    let kind = match movement.direction {
        CashDirection::In => CashMovementKind::CashIn,
        CashDirection::Out => CashMovementKind::CashOut,
    };
    let user = signed_in.current()?;
    cash::cash_movement(
        database(&context)?,
        &user.id,
        kind,
        movement.amount_cents,
        &movement.reason,
    )?;
    Ok(())
}

/// Closes the open session with what was counted and answers the Z report.
#[tauri::command]
#[specta::specta]
pub fn close_session(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    counted: Vec<CountedInput>,
) -> Result<SessionReportView, CommandError> {
    let counted: Vec<(String, i64)> = counted
        .into_iter()
        .map(|count| (count.method_code, count.counted_cents))
        .collect();
    let report = cash::close_session(database(&context)?, &signed_in.current()?.id, &counted)?;
    Ok(report.into())
}
