//! The print worker: one thread per counter that takes receipts from the persistent queue
//! (`print_queue`) and sends them to the printer in the settings, so the window never
//! waits for a printer. It works when woken (a receipt was queued, a reprint asked for,
//! the printer settings changed) and on its own every `retry_every`, which is how a
//! printer that was off gets its waiting receipts once it is back.
//!
//! It never decides anything the queue does not: a job is sent again only after the
//! printer confirmed nothing was printed, and a job that may be on paper waits for the
//! cashier. Each pass is reported to `on_event`, which the shell turns into a window
//! event so the status bar can say what happened.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;

use crate::print_queue::{PrintOutcome, open_jobs, print_next_on, recover_after_restart};
use crate::printer_settings::receipt_printer;
use crate::{CoreError, StoreDatabase};

/// What one pass of the worker did, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum PrintWorkerEvent {
    /// A job left the queue, or was put back to wait (see [`PrintOutcome`]).
    Job { outcome: PrintOutcome },
    /// Receipts wait because no printer is set up (or its settings cannot be read).
    NoPrinter { waiting: usize, reason: String },
    /// The queue itself could not be read or written.
    Failed { code: String, message: String },
}

#[derive(Debug, Default)]
struct Signal {
    woken: bool,
    stopping: bool,
}

/// The running worker. Dropping it stops the thread after its current job.
#[derive(Debug)]
pub struct PrintWorker {
    signal: Arc<(Mutex<Signal>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl PrintWorker {
    /// Starts the worker on `database`. Jobs a crash left half-printed are first set to
    /// wait for a reprint; then the queue is worked at once. Fails only when the OS
    /// refuses a thread.
    pub fn start(
        database: Arc<StoreDatabase>,
        retry_every: Duration,
        on_event: impl Fn(PrintWorkerEvent) + Send + 'static,
    ) -> std::io::Result<PrintWorker> {
        let signal = Arc::new((
            Mutex::new(Signal {
                woken: true,
                stopping: false,
            }),
            Condvar::new(),
        ));
        let worker_signal = Arc::clone(&signal);
        let thread = std::thread::Builder::new()
            .name("fflow-print-worker".to_owned())
            .spawn(move || {
                if let Err(error) = recover_after_restart(&database) {
                    on_event(failed(&error));
                }
                while wait_for_work(&worker_signal, retry_every) {
                    work_the_queue(&database, &on_event);
                }
            })?;
        Ok(PrintWorker {
            signal,
            thread: Some(thread),
        })
    }

    /// Asks for a pass now (a receipt was queued, a reprint asked for, settings saved).
    pub fn wake(&self) {
        let (lock, condvar) = &*self.signal;
        lock.lock().unwrap_or_else(PoisonError::into_inner).woken = true;
        condvar.notify_one();
    }
}

impl Drop for PrintWorker {
    fn drop(&mut self) {
        let (lock, condvar) = &*self.signal;
        lock.lock().unwrap_or_else(PoisonError::into_inner).stopping = true;
        condvar.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Blocks until woken or `retry_every` passed; false once the worker is stopping.
fn wait_for_work(signal: &(Mutex<Signal>, Condvar), retry_every: Duration) -> bool {
    let (lock, condvar) = signal;
    let state = lock.lock().unwrap_or_else(PoisonError::into_inner);
    let (mut state, _) = condvar
        .wait_timeout_while(state, retry_every, |state| !state.woken && !state.stopping)
        .unwrap_or_else(PoisonError::into_inner);
    state.woken = false;
    !state.stopping
}

/// Sends pending jobs until the queue is empty or the printer cannot be reached (then
/// the rest wait for the next pass rather than each timing out in turn).
fn work_the_queue(database: &StoreDatabase, on_event: &impl Fn(PrintWorkerEvent)) {
    let printer = match receipt_printer(database) {
        Ok(Some(printer)) => printer,
        Ok(None) => return report_waiting(database, on_event, "no receipt printer is set up"),
        Err(error) => return report_waiting(database, on_event, &error.to_string()),
    };
    loop {
        match print_next_on(database, &printer) {
            Ok(PrintOutcome::Idle) => return,
            Ok(outcome) => {
                let unreachable = matches!(outcome, PrintOutcome::WillRetry { .. });
                on_event(PrintWorkerEvent::Job { outcome });
                if unreachable {
                    return;
                }
            }
            Err(error) => return on_event(failed(&error)),
        }
    }
}

fn report_waiting(database: &StoreDatabase, on_event: &impl Fn(PrintWorkerEvent), reason: &str) {
    match open_jobs(database) {
        Ok(jobs) => {
            let waiting = jobs.iter().filter(|job| job.status == "pending").count();
            if waiting > 0 {
                on_event(PrintWorkerEvent::NoPrinter {
                    waiting,
                    reason: reason.to_owned(),
                });
            }
        }
        Err(error) => on_event(failed(&error)),
    }
}

fn failed(error: &CoreError) -> PrintWorkerEvent {
    PrintWorkerEvent::Failed {
        code: error.code().to_owned(),
        message: error.to_string(),
    }
}
