//! Driving the drawer pulse and the status light on a Raspberry Pi's real pins through
//! `rppal`, with rppal's errors told in terms the person setting up the counter can act
//! on. Compiled only with the `rpi` feature.

use std::time::Duration;

use rppal::gpio::{Gpio, OutputPin};

use super::drawer_pulse::DrawerPulse;
use super::status_light::{CounterState, StatusLight};

/// Why a GPIO pin could not be driven.
#[derive(Debug, thiserror::Error)]
pub enum GpioPinError {
    #[error("GPIO not available on this machine; drawer and light pins work on a Raspberry Pi")]
    NotAvailable,
    #[error("F-Flow may not use the GPIO pins ({path}); add this user to the gpio group")]
    PermissionDenied { path: String },
    #[error("GPIO {pin} is already in use by another part of F-Flow; choose another pin")]
    PinInUse { pin: u8 },
    #[error("this Raspberry Pi has no GPIO {pin}; check the pin number in the settings")]
    NoSuchPin { pin: u8 },
    #[error("could not drive the GPIO pins: {message}")]
    Other { message: String },
}

impl GpioPinError {
    /// A stable code the counter's screen words in the cashier's language.
    pub fn code(&self) -> &'static str {
        match self {
            GpioPinError::NotAvailable => "gpio_not_available",
            GpioPinError::PermissionDenied { .. } => "gpio_permission_denied",
            GpioPinError::PinInUse { .. } => "gpio_pin_in_use",
            GpioPinError::NoSuchPin { .. } => "gpio_no_such_pin",
            GpioPinError::Other { .. } => "gpio_failed",
        }
    }
}

impl From<rppal::gpio::Error> for GpioPinError {
    fn from(error: rppal::gpio::Error) -> Self {
        use rppal::gpio::Error;
        match error {
            // Not a Raspberry Pi, or one without the GPIO character devices.
            Error::UnknownModel => GpioPinError::NotAvailable,
            Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                GpioPinError::NotAvailable
            }
            Error::PermissionDenied(path) => GpioPinError::PermissionDenied { path },
            Error::PinUsed(pin) => GpioPinError::PinInUse { pin },
            Error::PinNotAvailable(pin) => GpioPinError::NoSuchPin { pin },
            other => GpioPinError::Other {
                message: other.to_string(),
            },
        }
    }
}

/// Opens the drawer: the pin goes from rest to the opening level for the pulse, then
/// back. Blocks for the pulse, which is at most half a second.
pub fn kick_drawer(pulse: &DrawerPulse) -> Result<(), GpioPinError> {
    let mut pin = output_pin(pulse.pin(), pulse.resting_level_is_high())?;
    set_level(&mut pin, pulse.opening_level_is_high());
    // The pulse's length is what powers the solenoid; nothing else can time it.
    std::thread::sleep(pulse.pulse());
    set_level(&mut pin, pulse.resting_level_is_high());
    Ok(())
}

/// A status light holding its pin, set from the state each time it is sampled.
#[derive(Debug)]
pub struct LitStatusLight {
    light: StatusLight,
    pin: OutputPin,
}

impl LitStatusLight {
    pub fn take_pin(light: StatusLight) -> Result<Self, GpioPinError> {
        let pin = output_pin(
            light.pin(),
            light.pin_is_high(CounterState::Ok, Duration::ZERO),
        )?;
        Ok(LitStatusLight { light, pin })
    }

    /// Shows `state` as it looks `since_state_began` into it.
    pub fn show(&mut self, state: CounterState, since_state_began: Duration) {
        let high = self.light.pin_is_high(state, since_state_began);
        set_level(&mut self.pin, high);
    }
}

/// The pin as an output, starting at `high` so it never glitches through the other level.
fn output_pin(number: u8, high: bool) -> Result<OutputPin, GpioPinError> {
    let pin = Gpio::new()?.get(number)?;
    Ok(if high {
        pin.into_output_high()
    } else {
        pin.into_output_low()
    })
}

fn set_level(pin: &mut OutputPin, high: bool) {
    if high {
        pin.set_high();
    } else {
        pin.set_low();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rppal_errors_become_messages_that_say_what_to_do() {
        use rppal::gpio::Error;
        for (error, expected) in [
            (Error::UnknownModel, "GPIO not available on this machine"),
            (
                Error::Io(std::io::ErrorKind::NotFound.into()),
                "GPIO not available on this machine",
            ),
            (
                Error::PermissionDenied("/dev/gpiochip0".to_owned()),
                "add this user to the gpio group",
            ),
            (Error::PinUsed(18), "GPIO 18 is already in use"),
            (Error::PinNotAvailable(45), "has no GPIO 45"),
        ] {
            let message = GpioPinError::from(error).to_string();
            assert!(message.contains(expected), "{message:?} says {expected:?}");
        }
    }
}
