//! A status light on a GPIO pin that tells the counter's state at a glance: steady when
//! all is well, a slow blink when something wants attention (a receipt waiting for a
//! reprint), a fast blink on a fault (the printer stopped, or the counter may not sell).
//! Whether it is lit is a pure function of the state and the time since the state
//! began, so the pins code only samples it.

use std::time::Duration;

use super::{ActiveLevel, GpioSettingError, header_pin};

/// What the light shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterState {
    Ok,
    Attention,
    Fault,
}

/// How the light shows a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LightPattern {
    Steady,
    /// On for the first half of each period, off for the second.
    Blinking {
        period: Duration,
    },
}

impl CounterState {
    pub fn pattern(self) -> LightPattern {
        match self {
            CounterState::Ok => LightPattern::Steady,
            CounterState::Attention => LightPattern::Blinking {
                period: Duration::from_millis(1000),
            },
            // Fast enough to read as alarming across a shop, slow enough to count as a
            // blink rather than a flicker.
            CounterState::Fault => LightPattern::Blinking {
                period: Duration::from_millis(250),
            },
        }
    }

    /// Whether the light is lit `since_state_began` into the state. Each state starts
    /// lit, so a change shows at once.
    pub fn light_is_on(self, since_state_began: Duration) -> bool {
        match self.pattern() {
            LightPattern::Steady => true,
            LightPattern::Blinking { period } => {
                since_state_began.as_nanos() % period.as_nanos() < period.as_nanos() / 2
            }
        }
    }
}

/// Where the light is wired, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusLight {
    pin: u8,
    active: ActiveLevel,
}

impl StatusLight {
    pub fn new(pin: u8, active: ActiveLevel) -> Result<Self, GpioSettingError> {
        Ok(StatusLight {
            pin: header_pin(pin)?,
            active,
        })
    }

    pub fn pin(&self) -> u8 {
        self.pin
    }

    /// Whether the pin goes high to light it (how it is wired).
    pub fn lights_when_high(&self) -> bool {
        self.active.pin_is_high_when(true)
    }

    /// The pin's level that shows `state` at `since_state_began`.
    pub fn pin_is_high(&self, state: CounterState, since_state_began: Duration) -> bool {
        self.active
            .pin_is_high_when(state.light_is_on(since_state_began))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(state: CounterState, at_ms: u64, expected_on: bool) {
        assert_eq!(
            state.light_is_on(Duration::from_millis(at_ms)),
            expected_on,
            "{state:?} at {at_ms} ms"
        );
    }

    #[test]
    fn each_state_lights_in_its_own_pattern_over_time() {
        for at_ms in [0, 1, 499, 500, 10_000, 86_400_000] {
            check(CounterState::Ok, at_ms, true);
        }
        check(CounterState::Attention, 0, true);
        check(CounterState::Attention, 499, true);
        check(CounterState::Attention, 500, false);
        check(CounterState::Attention, 999, false);
        check(CounterState::Attention, 1000, true);
        check(CounterState::Fault, 0, true);
        check(CounterState::Fault, 124, true);
        check(CounterState::Fault, 125, false);
        check(CounterState::Fault, 249, false);
        check(CounterState::Fault, 250, true);
    }

    #[test]
    fn a_light_wired_active_low_drives_the_pin_the_other_way() {
        let high = StatusLight::new(17, ActiveLevel::High).expect("a header pin");
        let low = StatusLight::new(17, ActiveLevel::Low).expect("a header pin");
        for at_ms in [0, 100, 200] {
            let at = Duration::from_millis(at_ms);
            assert_eq!(
                low.pin_is_high(CounterState::Fault, at),
                !high.pin_is_high(CounterState::Fault, at),
                "at {at_ms} ms the two wirings are opposite"
            );
        }
        assert_eq!(
            StatusLight::new(40, ActiveLevel::High),
            Err(GpioSettingError::PinNotOnHeader { pin: 40 }),
            "40 is a physical pin position, not a GPIO number"
        );
    }
}
