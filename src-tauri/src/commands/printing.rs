//! Commands of the printer: its settings, the receipts that wait (with a reprint for
//! the ones that may be half on paper), and opening the cash drawer through it.

use fflow_core::cash::drawer::{self, DrawerOpeningRequest};
use fflow_core::people;
use fflow_core::print_queue::{self, PrintJob};
use fflow_core::printer_settings::{
    FlowControlSetting, ReceiptPrinterSettings, receipt_printer_settings,
    save_receipt_printer_settings,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use super::inputs::ManagerPinInput;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::print_service::PrintService;
use crate::signed_in::SignedIn;

/// The receipt printer as the settings form edits it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "connection",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum PrinterSettingsInput {
    /// `address` is an IP address, with `:port` when not 9100.
    Network { address: String, paper_mm: u8 },
    Serial {
        path: String,
        baud_rate: u32,
        flow_control: FlowControlInput,
        paper_mm: u8,
    },
    /// A USB or parallel printer seen as a device file, such as `/dev/usb/lp0`.
    DeviceFile { path: String, paper_mm: u8 },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FlowControlInput {
    None,
    Hardware,
    Software,
}

impl From<PrinterSettingsInput> for ReceiptPrinterSettings {
    fn from(input: PrinterSettingsInput) -> Self {
        match input {
            PrinterSettingsInput::Network { address, paper_mm } => {
                ReceiptPrinterSettings::Network { address, paper_mm }
            }
            PrinterSettingsInput::Serial {
                path,
                baud_rate,
                flow_control,
                paper_mm,
            } => ReceiptPrinterSettings::Serial {
                path,
                baud_rate,
                flow_control: match flow_control {
                    FlowControlInput::None => FlowControlSetting::None,
                    FlowControlInput::Hardware => FlowControlSetting::Hardware,
                    FlowControlInput::Software => FlowControlSetting::Software,
                },
                paper_mm,
            },
            PrinterSettingsInput::DeviceFile { path, paper_mm } => {
                ReceiptPrinterSettings::DeviceFile { path, paper_mm }
            }
        }
    }
}

impl From<ReceiptPrinterSettings> for PrinterSettingsInput {
    fn from(settings: ReceiptPrinterSettings) -> Self {
        match settings {
            ReceiptPrinterSettings::Network { address, paper_mm } => {
                PrinterSettingsInput::Network { address, paper_mm }
            }
            ReceiptPrinterSettings::Serial {
                path,
                baud_rate,
                flow_control,
                paper_mm,
            } => PrinterSettingsInput::Serial {
                path,
                baud_rate,
                flow_control: match flow_control {
                    FlowControlSetting::None => FlowControlInput::None,
                    FlowControlSetting::Hardware => FlowControlInput::Hardware,
                    FlowControlSetting::Software => FlowControlInput::Software,
                },
                paper_mm,
            },
            ReceiptPrinterSettings::DeviceFile { path, paper_mm } => {
                PrinterSettingsInput::DeviceFile { path, paper_mm }
            }
        }
    }
}

/// A receipt not printed yet.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrintJobView {
    #[specta(type = i32)]
    pub job: i64,
    pub sale_code: String,
    /// `pending` (will be sent), `printing`, or `needs_reprint` (may be on paper).
    pub status: String,
    #[specta(type = i32)]
    pub attempts: i64,
    pub last_error: Option<String>,
    /// Why it did not print, as a code the UI words for the cashier (`paper_out`, ...).
    pub last_problem: Option<String>,
}

impl From<PrintJob> for PrintJobView {
    fn from(job: PrintJob) -> Self {
        PrintJobView {
            job: job.job,
            sale_code: job.sale_code,
            status: job.status,
            attempts: job.attempts,
            last_error: job.last_error,
            last_problem: job.last_problem,
        }
    }
}

/// The printer as the status bar and the printer dialog show it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PrinterStatusView {
    /// `None` until a printer is set up.
    pub settings: Option<PrinterSettingsInput>,
    pub open_jobs: Vec<PrintJobView>,
    /// Why the last attempt did not print, until a receipt prints again (English detail).
    pub last_problem: Option<String>,
    /// The same as a code the UI words for the cashier (`paper_out`, `no_printer`, ...).
    pub last_problem_code: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn printer_status(
    context: State<'_, StoreContext>,
    printing: State<'_, PrintService>,
) -> Result<PrinterStatusView, CommandError> {
    let database = database(&context)?;
    let last_problem = printing.last_problem();
    Ok(PrinterStatusView {
        settings: receipt_printer_settings(database)?.map(PrinterSettingsInput::from),
        open_jobs: print_queue::open_jobs(database)?
            .into_iter()
            .map(PrintJobView::from)
            .collect(),
        last_problem_code: last_problem.as_ref().map(|problem| problem.code.clone()),
        last_problem: last_problem.map(|problem| problem.detail),
    })
}

/// Saves the printer settings (checked by core) and sends waiting receipts to it.
#[tauri::command]
#[specta::specta]
pub fn save_printer_settings(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    printing: State<'_, PrintService>,
    settings: PrinterSettingsInput,
) -> Result<(), CommandError> {
    signed_in.current()?;
    save_receipt_printer_settings(database(&context)?, &settings.into())?;
    printing.wake();
    Ok(())
}

/// Prints the receipt of `job` again, after the cashier checked the paper.
#[tauri::command]
#[specta::specta]
pub fn reprint_receipt(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    printing: State<'_, PrintService>,
    job: u32,
) -> Result<(), CommandError> {
    signed_in.current()?;
    print_queue::reprint(database(&context)?, i64::from(job))?;
    printing.wake();
    Ok(())
}

/// Opens the cash drawer outside a sale, for `reason`, the way it is wired (printer or
/// GPIO); a cashier needs a manager's PIN.
#[tauri::command]
#[specta::specta]
pub fn open_cash_drawer(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    reason: String,
    approval: Option<ManagerPinInput>,
) -> Result<(), CommandError> {
    let database = database(&context)?;
    let user = signed_in.current()?;
    let approval = approval
        .map(|approval| {
            people::manager_approval(
                database,
                &approval.manager_id,
                &approval.pin,
                "opening the cash drawer",
            )
        })
        .transpose()?;
    drawer::open_cash_drawer(
        database,
        &DrawerOpeningRequest {
            user_id: &user.id,
            reason: &reason,
            approval: approval.as_ref(),
        },
    )?;
    Ok(())
}
