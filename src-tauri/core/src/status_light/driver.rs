//! Lights the status light from a thread of its own: every couple of seconds it reads the
//! wiring and the counter's state from the database, and in between it samples the
//! state's blink pattern onto the pin. A wiring change or a pin that could not be taken
//! (permissions, another program holding it) is picked up on the next look, so fixing
//! the cause needs no restart. A build without the `rpi` feature drives nothing and says
//! so when a light is wired.

use std::sync::Arc;
#[cfg(feature = "rpi")]
use std::sync::Mutex;
#[cfg(feature = "rpi")]
use std::sync::atomic::AtomicBool;

use crate::StoreDatabase;

/// The problem code when a light is wired but this build cannot drive GPIO pins.
pub const GPIO_NOT_IN_THIS_BUILD: &str = "gpio_not_in_this_build";

/// The running light (a no-op without the `rpi` feature).
#[derive(Debug)]
pub struct StatusLightDriver {
    #[cfg(not(feature = "rpi"))]
    database: Arc<StoreDatabase>,
    #[cfg(feature = "rpi")]
    problem: Arc<Mutex<Option<&'static str>>>,
    #[cfg(feature = "rpi")]
    stop: Arc<AtomicBool>,
    #[cfg(feature = "rpi")]
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StatusLightDriver {
    #[cfg(not(feature = "rpi"))]
    pub fn start(database: Arc<StoreDatabase>) -> StatusLightDriver {
        StatusLightDriver { database }
    }

    #[cfg(feature = "rpi")]
    pub fn start(database: Arc<StoreDatabase>) -> StatusLightDriver {
        let problem = Arc::new(Mutex::new(None));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (problem, stop) = (Arc::clone(&problem), Arc::clone(&stop));
            std::thread::Builder::new()
                .name("status-light".to_owned())
                .spawn(move || pins::drive(&database, &problem, &stop))
        };
        let thread = match thread {
            Ok(thread) => Some(thread),
            Err(error) => {
                tracing::error!("the status light could not start: {error}");
                *problem
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some("gpio_failed");
                None
            }
        };
        StatusLightDriver {
            problem,
            stop,
            thread,
        }
    }

    /// Why the wired light does not show the counter's state, as a code the screen
    /// words; `None` when it does or when no light is wired.
    #[cfg(not(feature = "rpi"))]
    pub fn problem(&self) -> Option<&'static str> {
        match super::status_light(&self.database) {
            Ok(Some(_)) => Some(GPIO_NOT_IN_THIS_BUILD),
            _ => None,
        }
    }

    #[cfg(feature = "rpi")]
    pub fn problem(&self) -> Option<&'static str> {
        *self
            .problem
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(feature = "rpi")]
impl Drop for StatusLightDriver {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(feature = "rpi")]
mod pins {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, PoisonError};
    use std::time::{Duration, Instant};

    use fflow_devices::gpio::rpi_pins::LitStatusLight;
    use fflow_devices::gpio::status_light::{CounterState, StatusLight};

    use super::super::{counter_light_state, status_light};
    use crate::StoreDatabase;

    /// How often the wiring and the state are read again.
    const LOOK_EVERY: Duration = Duration::from_secs(2);
    /// How often the pattern is put on the pin: a fifth of the fast blink's half period.
    const SAMPLE_EVERY: Duration = Duration::from_millis(25);

    pub(super) fn drive(
        database: &StoreDatabase,
        problem: &Mutex<Option<&'static str>>,
        stop: &AtomicBool,
    ) {
        let set_problem = |code| *problem.lock().unwrap_or_else(PoisonError::into_inner) = code;
        let mut wired: Option<StatusLight> = None;
        let mut lit: Option<LitStatusLight> = None;
        let mut state = CounterState::Ok;
        let mut state_began = Instant::now();
        let mut next_look = Instant::now();
        while !stop.load(Ordering::Relaxed) {
            if Instant::now() >= next_look {
                next_look = Instant::now() + LOOK_EVERY;
                let wanted = status_light(database).unwrap_or_else(|error| {
                    tracing::warn!("status light: the setting cannot be read: {error}");
                    None
                });
                // A new wiring, or one whose pin could not be taken last time.
                if wanted != wired || (wanted.is_some() && lit.is_none()) {
                    lit = None;
                    wired = wanted;
                    set_problem(None);
                    if let Some(light) = wired {
                        match LitStatusLight::take_pin(light) {
                            Ok(taken) => lit = Some(taken),
                            Err(error) => {
                                tracing::warn!("status light: {error}");
                                set_problem(Some(error.code()));
                            }
                        }
                    }
                }
                // A state that cannot be read is itself a fault worth a look.
                let now = counter_light_state(database).unwrap_or(CounterState::Fault);
                if now != state {
                    state = now;
                    state_began = Instant::now();
                }
            }
            if let Some(light) = &mut lit {
                light.show(state, state_began.elapsed());
            }
            // A pin's pattern has no event to wait on; the sample period is the pattern's.
            std::thread::sleep(SAMPLE_EVERY);
        }
    }
}
