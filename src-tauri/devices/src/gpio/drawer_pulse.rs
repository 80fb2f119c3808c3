//! A cash-drawer kick through a GPIO pin: which pin, how long the solenoid is powered,
//! and which level powers it. Checked when built, so the pins code never meets a pulse
//! that cannot open a drawer or that could burn its solenoid.

use std::ops::RangeInclusive;
use std::time::Duration;

use super::{ActiveLevel, GpioSettingError, header_pin};

/// Pulse lengths drawers open with: shorter may not pull the latch, longer heats the
/// solenoid for nothing.
pub const PULSE_MS_ALLOWED: RangeInclusive<u32> = 50..=500;

/// A checked drawer kick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawerPulse {
    pin: u8,
    pulse: Duration,
    active: ActiveLevel,
}

impl DrawerPulse {
    pub fn new(pin: u8, pulse_ms: u32, active: ActiveLevel) -> Result<Self, GpioSettingError> {
        if !PULSE_MS_ALLOWED.contains(&pulse_ms) {
            return Err(GpioSettingError::PulseOutOfRange {
                pulse_ms,
                min_ms: *PULSE_MS_ALLOWED.start(),
                max_ms: *PULSE_MS_ALLOWED.end(),
            });
        }
        Ok(DrawerPulse {
            pin: header_pin(pin)?,
            pulse: Duration::from_millis(u64::from(pulse_ms)),
            active,
        })
    }

    pub fn pin(&self) -> u8 {
        self.pin
    }

    pub fn pulse(&self) -> Duration {
        self.pulse
    }

    /// The pin's level while the solenoid is powered.
    pub fn opening_level_is_high(&self) -> bool {
        self.active.pin_is_high_when(true)
    }

    /// The pin's level before and after the pulse.
    pub fn resting_level_is_high(&self) -> bool {
        self.active.pin_is_high_when(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pin: u8, pulse_ms: u32, expected: Result<Duration, GpioSettingError>) {
        assert_eq!(
            DrawerPulse::new(pin, pulse_ms, ActiveLevel::High).map(|pulse| pulse.pulse()),
            expected,
            "GPIO {pin}, {pulse_ms} ms"
        );
    }

    #[test]
    fn pulses_outside_what_drawers_take_and_pins_off_the_header_are_refused() {
        let out_of_range = |pulse_ms| {
            Err(GpioSettingError::PulseOutOfRange {
                pulse_ms,
                min_ms: 50,
                max_ms: 500,
            })
        };
        check(18, 50, Ok(Duration::from_millis(50)));
        check(18, 120, Ok(Duration::from_millis(120)));
        check(0, 500, Ok(Duration::from_millis(500)));
        check(27, 200, Ok(Duration::from_millis(200)));
        check(18, 49, out_of_range(49));
        check(18, 0, out_of_range(0));
        check(18, 501, out_of_range(501));
        check(28, 200, Err(GpioSettingError::PinNotOnHeader { pin: 28 }));
    }

    #[test]
    fn the_active_level_decides_which_level_opens_the_drawer() {
        for (active, opening_high) in [(ActiveLevel::High, true), (ActiveLevel::Low, false)] {
            let pulse = DrawerPulse::new(18, 100, active).expect("a valid pulse");
            assert_eq!(
                (pulse.opening_level_is_high(), pulse.resting_level_is_high()),
                (opening_high, !opening_high),
                "{active:?}: the pin rests at the level that leaves the solenoid off"
            );
        }
    }
}
