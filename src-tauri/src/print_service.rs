//! The shell's print worker: started once with the store database, woken by the commands
//! that queue or release receipts, and remembering the last problem it met so the status
//! bar can say why receipts wait ("the printer at 192.168.0.50 did not answer").

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use fflow_core::print_queue::PrintOutcome;
use fflow_core::print_worker::{PrintWorker, PrintWorkerEvent};

use crate::launch::StoreContext;

/// How often receipts waiting for an unreachable printer are tried again on their own.
const RETRY_EVERY: Duration = Duration::from_secs(20);

/// The running worker (none when the database did not open) and its last problem.
#[derive(Debug, Default)]
pub struct PrintService {
    worker: Option<PrintWorker>,
    last_problem: Arc<Mutex<Option<PrintProblem>>>,
}

impl PrintService {
    pub fn start(context: &StoreContext) -> PrintService {
        let Ok(database) = &context.database else {
            return PrintService::default();
        };
        let last_problem = Arc::new(Mutex::new(None));
        let recorded = Arc::clone(&last_problem);
        let worker = PrintWorker::start(Arc::clone(database), RETRY_EVERY, move |event| {
            let problem = problem_in(&event);
            if let Some(problem) = &problem {
                tracing::warn!("printing: {}", problem.detail);
            }
            *recorded.lock().unwrap_or_else(PoisonError::into_inner) = problem;
        });
        match worker {
            Ok(worker) => PrintService {
                worker: Some(worker),
                last_problem,
            },
            Err(error) => {
                tracing::error!("the print worker could not start: {error}");
                PrintService::default()
            }
        }
    }

    /// Asks the worker to look at the queue now.
    pub fn wake(&self) {
        if let Some(worker) = &self.worker {
            worker.wake();
        }
    }

    /// What kept the last pass from printing, if anything did.
    pub fn last_problem(&self) -> Option<PrintProblem> {
        self.last_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The problem code when no printer is set up.
pub const NO_PRINTER: &str = "no_printer";
/// The problem code when the worker itself failed (the database, not the printer).
pub const PRINT_WORKER_FAILED: &str = "print_worker_failed";

/// Why a pass did not print: a code the UI translates and the English detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintProblem {
    pub code: String,
    pub detail: String,
}

/// The problem an event reports; a printed receipt clears the last one.
fn problem_in(event: &PrintWorkerEvent) -> Option<PrintProblem> {
    let problem = |code: &str, detail: &str| {
        Some(PrintProblem {
            code: code.to_owned(),
            detail: detail.to_owned(),
        })
    };
    match event {
        PrintWorkerEvent::Job {
            outcome: PrintOutcome::Printed { .. } | PrintOutcome::Idle,
        } => None,
        PrintWorkerEvent::Job {
            outcome:
                PrintOutcome::WillRetry {
                    reason,
                    problem: code,
                    ..
                }
                | PrintOutcome::NeedsReprint {
                    reason,
                    problem: code,
                    ..
                },
        } => problem(code, reason),
        PrintWorkerEvent::NoPrinter { reason, .. } => problem(NO_PRINTER, reason),
        PrintWorkerEvent::Failed { message, .. } => problem(PRINT_WORKER_FAILED, message),
    }
}
