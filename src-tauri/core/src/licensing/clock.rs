//! The clock licensing reads. Production builds have one clock, the system's; builds with
//! the `test-support` feature can open a store on a hand-set clock, so tests walk a
//! license through expiry, grace and restriction without touching the machine's clock.
//!
//! The clock belongs to the [`StoreDatabase`](crate::StoreDatabase) it was opened with.
//! Licensing code runs inside that database's write transaction, which only hands it a
//! `Transaction`, so the write sets the clock for its own thread while its closure runs
//! (see [`StoreDatabase::write`](crate::StoreDatabase::write)); without the feature there
//! is nothing to set and the system clock is read directly.

use fflow_protocol::license::UnixSeconds;

use crate::records::now_millis;

/// Where licensing takes `now` from.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    #[cfg(feature = "test-support")]
    manual: Option<std::sync::Arc<std::sync::atomic::AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `seconds` until [`Clock::set`] moves it. Clones share the hand.
    #[cfg(feature = "test-support")]
    pub fn manual(seconds: UnixSeconds) -> Clock {
        Clock {
            manual: Some(std::sync::Arc::new(std::sync::atomic::AtomicI64::new(
                seconds,
            ))),
        }
    }

    /// Moves a manual clock to `seconds` (forward or back); the system clock ignores it.
    #[cfg(feature = "test-support")]
    pub fn set(&self, seconds: UnixSeconds) {
        if let Some(hand) = &self.manual {
            hand.store(seconds, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// The time this clock shows, in Unix seconds.
    pub fn now(&self) -> UnixSeconds {
        #[cfg(feature = "test-support")]
        if let Some(hand) = &self.manual {
            return hand.load(std::sync::atomic::Ordering::SeqCst);
        }
        system_now()
    }
}

/// The system clock in Unix seconds.
pub fn system_now() -> UnixSeconds {
    now_millis() / 1000
}

#[cfg(feature = "test-support")]
mod in_write {
    use std::cell::RefCell;

    use super::Clock;

    thread_local! {
        static WRITE_CLOCK: RefCell<Option<Clock>> = const { RefCell::new(None) };
    }

    /// Restores the clock that was set before, also when the write's closure fails.
    pub(crate) struct WriteClockGuard(Option<Clock>);

    pub(crate) fn enter(clock: &Clock) -> WriteClockGuard {
        WriteClockGuard(WRITE_CLOCK.with(|slot| slot.replace(Some(clock.clone()))))
    }

    impl Drop for WriteClockGuard {
        fn drop(&mut self) {
            let previous = self.0.take();
            WRITE_CLOCK.with(|slot| *slot.borrow_mut() = previous);
        }
    }

    pub(crate) fn current() -> Option<Clock> {
        WRITE_CLOCK.with(|slot| slot.borrow().clone())
    }
}

#[cfg(feature = "test-support")]
pub(crate) use in_write::enter as enter_write_clock;

/// `now` for licensing inside a write transaction: the clock of the database writing.
pub(crate) fn licensing_now() -> UnixSeconds {
    #[cfg(feature = "test-support")]
    if let Some(clock) = in_write::current() {
        return clock.now();
    }
    system_now()
}
