//! Where the cash drawer is wired: to the receipt printer (the usual way, kicked with an
//! ESC/POS pulse) or straight to a Raspberry Pi's GPIO pin through a driver board. Kept in
//! the settings, changed only by a manager or the owner, with an audit row.
//!
//! The setting holds `printer`, or `gpio:<pin>:<pulse ms>:<high|low>` (the level that
//! powers the solenoid). Driving pins needs the `rpi` feature; a build without it says so
//! instead of pretending the drawer opened.

use fflow_devices::gpio::ActiveLevel;
use fflow_devices::gpio::drawer_pulse::DrawerPulse;
use rusqlite::Connection;

use crate::settings::{read_setting, set_manager_setting};
use crate::status_light::status_light_on;
use crate::{CoreError, StoreDatabase};

/// The settings key.
pub const DRAWER_WIRING: &str = "drawer_wiring";

/// How the drawer is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawerWiring {
    ReceiptPrinter,
    Gpio(DrawerPulse),
}

pub fn drawer_wiring(database: &StoreDatabase) -> Result<DrawerWiring, CoreError> {
    database.read(drawer_wiring_on)
}

/// The wiring on `connection`; the receipt printer when nothing was set.
pub(crate) fn drawer_wiring_on(connection: &Connection) -> Result<DrawerWiring, CoreError> {
    match read_setting(connection, DRAWER_WIRING)? {
        None => Ok(DrawerWiring::ReceiptPrinter),
        Some(stored) => parse(&stored),
    }
}

/// Sets the wiring; a manager or the owner only.
pub fn save_drawer_wiring(
    database: &StoreDatabase,
    actor_id: &str,
    wiring: DrawerWiring,
) -> Result<(), CoreError> {
    let stored = stored(wiring);
    database.write(|transaction| {
        if let (DrawerWiring::Gpio(pulse), Some(light)) = (wiring, status_light_on(transaction)?)
            && light.pin() == pulse.pin()
        {
            return Err(CoreError::InvalidInput {
                field: "drawer_gpio",
                reason: format!(
                    "GPIO {} lights the status light; wire the drawer to another pin",
                    pulse.pin()
                ),
            });
        }
        set_manager_setting(
            transaction,
            actor_id,
            DRAWER_WIRING,
            &stored,
            "changing how the cash drawer is wired",
        )
    })
}

/// Builds a GPIO wiring from the form's fields, checked (pin on the header, a pulse
/// drawers take).
pub fn gpio_wiring(pin: u8, pulse_ms: u32, active_high: bool) -> Result<DrawerWiring, CoreError> {
    let active = if active_high {
        ActiveLevel::High
    } else {
        ActiveLevel::Low
    };
    DrawerPulse::new(pin, pulse_ms, active)
        .map(DrawerWiring::Gpio)
        .map_err(|error| CoreError::InvalidInput {
            field: "drawer_gpio",
            reason: error.to_string(),
        })
}

/// Sends the pulse to the GPIO pin. Blocks for the pulse (at most half a second).
pub fn kick_gpio_drawer(pulse: &DrawerPulse) -> Result<(), CoreError> {
    #[cfg(feature = "rpi")]
    {
        fflow_devices::gpio::rpi_pins::kick_drawer(pulse)
            .map_err(|error| CoreError::DrawerNotOpened(error.to_string()))
    }
    #[cfg(not(feature = "rpi"))]
    {
        Err(CoreError::DrawerNotOpened(format!(
            "the drawer is set up on GPIO {}, but this F-Flow build cannot drive GPIO pins; \
             install the Raspberry Pi build or wire the drawer to the printer",
            pulse.pin()
        )))
    }
}

fn stored(wiring: DrawerWiring) -> String {
    match wiring {
        DrawerWiring::ReceiptPrinter => "printer".to_owned(),
        DrawerWiring::Gpio(pulse) => {
            let level = if pulse.opening_level_is_high() {
                "high"
            } else {
                "low"
            };
            format!("gpio:{}:{}:{level}", pulse.pin(), pulse.pulse().as_millis())
        }
    }
}

fn parse(stored: &str) -> Result<DrawerWiring, CoreError> {
    let corrupt = || CoreError::InvalidInput {
        field: "drawer_wiring",
        reason: format!("the stored drawer wiring {stored:?} is not understood; set it again"),
    };
    if stored == "printer" {
        return Ok(DrawerWiring::ReceiptPrinter);
    }
    let parts: Vec<&str> = stored.split(':').collect();
    let ["gpio", pin, pulse_ms, level] = parts[..] else {
        return Err(corrupt());
    };
    let pin = pin.parse().map_err(|_| corrupt())?;
    let pulse_ms = pulse_ms.parse().map_err(|_| corrupt())?;
    let active_high = match level {
        "high" => true,
        "low" => false,
        _ => return Err(corrupt()),
    };
    gpio_wiring(pin, pulse_ms, active_high)
}
