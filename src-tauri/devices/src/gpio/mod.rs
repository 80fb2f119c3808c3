//! A cash drawer and a status light wired straight to a Raspberry Pi's GPIO header, for
//! counters where the drawer is not kicked through the receipt printer. What a pulse or
//! a light pattern is is pure and always compiled; driving real pins needs the `rpi`
//! feature, so the default build never links `rppal`.

pub mod drawer_pulse;
#[cfg(feature = "rpi")]
pub mod rpi_pins;
pub mod status_light;

use std::ops::RangeInclusive;

/// BCM GPIO numbers that reach the 40-pin header on every Raspberry Pi since the B+.
pub const HEADER_PINS: RangeInclusive<u8> = 0..=27;

/// Which level of the pin turns the drawer's solenoid or the light on; it depends on
/// how the driver transistor or relay board is wired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActiveLevel {
    High,
    Low,
}

impl ActiveLevel {
    /// Whether the pin must be high for the device to be `on`.
    pub fn pin_is_high_when(self, on: bool) -> bool {
        match self {
            ActiveLevel::High => on,
            ActiveLevel::Low => !on,
        }
    }
}

/// Why a GPIO setting cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GpioSettingError {
    #[error("GPIO {pin} is not on the Raspberry Pi's header; use a number from 0 to 27")]
    PinNotOnHeader { pin: u8 },
    #[error(
        "a drawer pulse of {pulse_ms} ms is outside what drawers take ({min_ms} to {max_ms} \
         ms); too short does not open it, too long can burn the solenoid"
    )]
    PulseOutOfRange {
        pulse_ms: u32,
        min_ms: u32,
        max_ms: u32,
    },
}

fn header_pin(pin: u8) -> Result<u8, GpioSettingError> {
    if HEADER_PINS.contains(&pin) {
        Ok(pin)
    } else {
        Err(GpioSettingError::PinNotOnHeader { pin })
    }
}
