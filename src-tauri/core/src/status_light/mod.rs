//! The counter's status light on a Raspberry Pi GPIO pin: where it is wired (a manager's
//! setting, audited, never the drawer's pin) and what it shows. Steady when the counter
//! can sell and print; a slow blink when something wants attention soon (a receipt
//! waiting for a reprint, the license in its payment or grace period); a fast blink when
//! the counter cannot do its job (the license does not allow selling, or the printer has
//! stopped printing: paper out, cover open, not answering).
//!
//! The setting holds `off` or `gpio:<pin>:<high|low>` (the level that lights it).

pub mod driver;

use fflow_devices::gpio::ActiveLevel;
use fflow_devices::gpio::status_light::{CounterState, StatusLight};
use rusqlite::Connection;

use crate::cash::drawer_wiring::{DrawerWiring, drawer_wiring_on};
use crate::licensing::{LicenseState, license_report};
use crate::print_queue::open_jobs;
use crate::settings::{read_setting, set_manager_setting};
use crate::{CoreError, StoreDatabase};

/// The settings key.
pub const STATUS_LIGHT: &str = "status_light";

/// Where the light is wired, or `None` when the counter has none.
pub fn status_light(database: &StoreDatabase) -> Result<Option<StatusLight>, CoreError> {
    database.read(status_light_on)
}

pub(crate) fn status_light_on(connection: &Connection) -> Result<Option<StatusLight>, CoreError> {
    match read_setting(connection, STATUS_LIGHT)? {
        None => Ok(None),
        Some(stored) => parse(&stored),
    }
}

/// Builds the light's wiring from the form's fields, checked (a pin on the header).
pub fn status_light_wiring(pin: u8, active_high: bool) -> Result<StatusLight, CoreError> {
    let active = if active_high {
        ActiveLevel::High
    } else {
        ActiveLevel::Low
    };
    StatusLight::new(pin, active).map_err(|error| CoreError::InvalidInput {
        field: "status_light",
        reason: error.to_string(),
    })
}

/// Sets (or, with `None`, removes) the light; a manager or the owner only. A pin the
/// drawer already pulses is refused: the light would fire the solenoid.
pub fn save_status_light(
    database: &StoreDatabase,
    actor_id: &str,
    light: Option<StatusLight>,
) -> Result<(), CoreError> {
    let stored = stored(light);
    database.write(|transaction| {
        if let (Some(light), DrawerWiring::Gpio(pulse)) = (light, drawer_wiring_on(transaction)?)
            && pulse.pin() == light.pin()
        {
            return Err(CoreError::InvalidInput {
                field: "status_light",
                reason: format!(
                    "GPIO {} opens the cash drawer; wire the light to another pin",
                    light.pin()
                ),
            });
        }
        set_manager_setting(
            transaction,
            actor_id,
            STATUS_LIGHT,
            &stored,
            "changing the status light",
        )
    })
}

/// What the light shows now, from the license and the print queue.
pub fn counter_light_state(database: &StoreDatabase) -> Result<CounterState, CoreError> {
    let license = license_report(database)?.state;
    let jobs = open_jobs(database)?;
    // A pending job with a problem is one the printer refused (paper out, cover open,
    // not answering): every receipt after it waits too.
    let printer_stopped = jobs
        .iter()
        .any(|job| job.status == "pending" && job.last_problem.is_some());
    let reprint_waiting = jobs.iter().any(|job| job.status == "needs_reprint");
    Ok(if !license.allows_selling() || printer_stopped {
        CounterState::Fault
    } else if reprint_waiting
        || matches!(
            license,
            LicenseState::Grace { .. } | LicenseState::PendingPayment { .. }
        )
    {
        CounterState::Attention
    } else {
        CounterState::Ok
    })
}

fn stored(light: Option<StatusLight>) -> String {
    match light {
        None => "off".to_owned(),
        Some(light) => {
            let level = if light.lights_when_high() {
                "high"
            } else {
                "low"
            };
            format!("gpio:{}:{level}", light.pin())
        }
    }
}

fn parse(stored: &str) -> Result<Option<StatusLight>, CoreError> {
    let corrupt = || CoreError::InvalidInput {
        field: "status_light",
        reason: format!("the stored status light {stored:?} is not understood; set it again"),
    };
    if stored == "off" {
        return Ok(None);
    }
    let parts: Vec<&str> = stored.split(':').collect();
    let ["gpio", pin, level] = parts[..] else {
        return Err(corrupt());
    };
    let pin = pin.parse().map_err(|_| corrupt())?;
    let active_high = match level {
        "high" => true,
        "low" => false,
        _ => return Err(corrupt()),
    };
    status_light_wiring(pin, active_high).map(Some)
}
