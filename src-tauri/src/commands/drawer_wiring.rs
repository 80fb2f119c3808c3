//! Commands of how the cash drawer is wired: to the receipt printer, or to a GPIO pin of
//! a Raspberry Pi counter (pin, pulse length, the level that opens it). Core checks the
//! values and that a manager or the owner changes them.

use fflow_core::cash::drawer_wiring::{self, DrawerWiring};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum DrawerWiringInput {
    Printer,
    Gpio {
        /// BCM number, 0 to 27.
        pin: u8,
        pulse_ms: u32,
        /// The pin goes high (true) or low to open the drawer.
        active_high: bool,
    },
}

impl From<DrawerWiring> for DrawerWiringInput {
    fn from(wiring: DrawerWiring) -> Self {
        match wiring {
            DrawerWiring::ReceiptPrinter => DrawerWiringInput::Printer,
            DrawerWiring::Gpio(pulse) => DrawerWiringInput::Gpio {
                pin: pulse.pin(),
                pulse_ms: u32::try_from(pulse.pulse().as_millis()).unwrap_or(u32::MAX),
                active_high: pulse.opening_level_is_high(),
            },
        }
    }
}

#[tauri::command]
#[specta::specta]
pub fn drawer_wiring(context: State<'_, StoreContext>) -> Result<DrawerWiringInput, CommandError> {
    Ok(drawer_wiring::drawer_wiring(database(&context)?)?.into())
}

#[tauri::command]
#[specta::specta]
pub fn save_drawer_wiring(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    wiring: DrawerWiringInput,
) -> Result<(), CommandError> {
    let wiring = match wiring {
        DrawerWiringInput::Printer => DrawerWiring::ReceiptPrinter,
        DrawerWiringInput::Gpio {
            pin,
            pulse_ms,
            active_high,
        } => drawer_wiring::gpio_wiring(pin, pulse_ms, active_high)?,
    };
    drawer_wiring::save_drawer_wiring(database(&context)?, &signed_in.current()?.id, wiring)?;
    Ok(())
}
