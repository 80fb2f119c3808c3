//! The persistent receipt queue. Jobs are added after their sale is committed, so a
//! printer can never hold a sale up or undo it. A job is retried on its own only when
//! the printer confirms nothing was printed (the connection failed); once any byte left,
//! part of the receipt may be on paper, so the job waits for the cashier's reprint and
//! a receipt is never printed twice on its own. A job found "printing" after a restart
//! is treated the same way.

use std::net::SocketAddr;
use std::time::Duration;

use fflow_devices::escpos::render_escpos;
use fflow_devices::network_printer::NetworkTimeouts;
use fflow_devices::print_document::PaperWidth;
use fflow_devices::printer_connection::{PrinterConnection, send_to_printer};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::receipt::{receipt_for_sale, unrenderable_receipt};
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// The 15 s a job may take: connecting, then sending. Before sending, the printer is
/// asked for its status; one that says it is out of paper or open gets none of the job,
/// so the job stays pending and prints by itself once the printer is fixed. Printers
/// answer in milliseconds; one silent for half a second does not report status.
pub const JOB_TIMEOUTS: NetworkTimeouts = NetworkTimeouts {
    connect: Duration::from_secs(5),
    write: Duration::from_secs(10),
    status_answer: Some(Duration::from_millis(500)),
};

/// Where receipts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkPrinter {
    pub address: SocketAddr,
    pub paper: PaperWidth,
}

/// Where receipts go, on the network or on a serial port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptPrinter {
    pub connection: PrinterConnection,
    pub paper: PaperWidth,
}

impl From<&NetworkPrinter> for ReceiptPrinter {
    fn from(printer: &NetworkPrinter) -> ReceiptPrinter {
        ReceiptPrinter {
            connection: PrinterConnection::Network {
                address: printer.address,
            },
            paper: printer.paper,
        }
    }
}

/// What happened to the job `print_next` took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PrintOutcome {
    /// Nothing is waiting.
    Idle,
    Printed {
        job: i64,
    },
    /// The printer could not be reached or said it cannot print; nothing was printed and
    /// the job will be tried again.
    WillRetry {
        job: i64,
        reason: String,
        /// The code of [`fflow_devices::print_failure::PrintFailure`], for the UI.
        problem: String,
    },
    /// The printer may have printed part of the receipt; the cashier decides on a reprint.
    NeedsReprint {
        job: i64,
        reason: String,
        problem: String,
    },
}

/// The problem code of a receipt that could not be laid out (it will not on retry either).
pub const RECEIPT_UNPRINTABLE: &str = "receipt_unprintable";

/// The problem code of a job the app stopped in the middle of.
pub const STOPPED_WHILE_PRINTING: &str = "stopped_while_printing";

/// A job as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintJob {
    pub job: i64,
    pub sale_id: String,
    /// The sale's human code, as on the receipt.
    pub sale_code: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// Why it did not print, as a code the UI translates (see [`PrintOutcome`]).
    pub last_problem: Option<String>,
}

/// Queues the receipt of the committed sale `sale_id` and returns the job number.
pub fn enqueue_receipt(database: &StoreDatabase, sale_id: &str) -> Result<i64, CoreError> {
    database.write(|transaction| {
        let at = now_millis();
        transaction.execute(
            "INSERT INTO print_jobs (sale_id, status, created_at, updated_at) VALUES (?1, 'pending', ?2, ?2)",
            params![sale_id, at],
        )?;
        Ok(transaction.last_insert_rowid())
    })
}

/// At start-up: a job left "printing" by a crash may be on paper, so it waits for a
/// reprint instead of being sent again. Returns how many jobs that concerned.
pub fn recover_after_restart(database: &StoreDatabase) -> Result<usize, CoreError> {
    database.write(|transaction| {
        Ok(transaction.execute(
            "UPDATE print_jobs SET status = 'needs_reprint',
                    last_error = 'the app stopped while printing; check the paper and reprint if needed',
                    last_problem = ?2, updated_at = ?1
             WHERE status = 'printing'",
            params![now_millis(), STOPPED_WHILE_PRINTING],
        )?)
    })
}

/// Prints the oldest pending job on the network printer `printer`.
pub fn print_next(
    database: &StoreDatabase,
    printer: &NetworkPrinter,
) -> Result<PrintOutcome, CoreError> {
    print_next_on(database, &ReceiptPrinter::from(printer))
}

/// Prints the oldest pending job on `printer`, network or serial.
pub fn print_next_on(
    database: &StoreDatabase,
    printer: &ReceiptPrinter,
) -> Result<PrintOutcome, CoreError> {
    let claimed: Option<(i64, String)> = database.write(|transaction| {
        let job: Option<(i64, String)> = transaction
            .query_row(
                "SELECT seq, sale_id FROM print_jobs WHERE status = 'pending' ORDER BY seq LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((seq, _)) = &job {
            // Recorded before any byte is sent, so a crash mid-job is known at restart.
            transaction.execute(
                "UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, updated_at = ?2 WHERE seq = ?1",
                params![seq, now_millis()],
            )?;
        }
        Ok(job)
    })?;
    let Some((job, sale_id)) = claimed else {
        return Ok(PrintOutcome::Idle);
    };
    let bytes = receipt_for_sale(database, &sale_id)
        .and_then(|document| render_escpos(&document, printer.paper).map_err(unrenderable_receipt));
    let (status, outcome) =
        match bytes.map(|bytes| send_to_printer(&printer.connection, &bytes, &JOB_TIMEOUTS)) {
            Ok(Ok(())) => ("printed", PrintOutcome::Printed { job }),
            Ok(Err(error)) if error.nothing_was_sent() => (
                "pending",
                PrintOutcome::WillRetry {
                    job,
                    reason: error.to_string(),
                    problem: error.failure().code().to_owned(),
                },
            ),
            Ok(Err(error)) => (
                "needs_reprint",
                PrintOutcome::NeedsReprint {
                    job,
                    reason: error.to_string(),
                    problem: error.failure().code().to_owned(),
                },
            ),
            // A receipt that cannot be built will not build on retry either.
            Err(error) => (
                "needs_reprint",
                PrintOutcome::NeedsReprint {
                    job,
                    reason: error.to_string(),
                    problem: RECEIPT_UNPRINTABLE.to_owned(),
                },
            ),
        };
    let (reason, problem) = match &outcome {
        PrintOutcome::WillRetry {
            reason, problem, ..
        }
        | PrintOutcome::NeedsReprint {
            reason, problem, ..
        } => (Some(reason.clone()), Some(problem.clone())),
        _ => (None, None),
    };
    database.write(|transaction| {
        transaction.execute(
            "UPDATE print_jobs SET status = ?2, last_error = ?3, last_problem = ?4, updated_at = ?5
             WHERE seq = ?1",
            params![job, status, reason, problem, now_millis()],
        )?;
        Ok(())
    })?;
    Ok(outcome)
}

/// The cashier asks for `job` to be printed again.
pub fn reprint(database: &StoreDatabase, job: i64) -> Result<(), CoreError> {
    database.write(|transaction| {
        let changed = transaction.execute(
            "UPDATE print_jobs SET status = 'pending', updated_at = ?2 WHERE seq = ?1 AND status <> 'printing'",
            params![job, now_millis()],
        )?;
        if changed == 0 {
            return Err(CoreError::InvalidInput {
                field: "job",
                reason: format!("print job {job} does not exist or is printing right now"),
            });
        }
        Ok(())
    })
}

/// Jobs not printed yet, oldest first.
pub fn open_jobs(database: &StoreDatabase) -> Result<Vec<PrintJob>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare_cached(
            "SELECT print_jobs.seq, print_jobs.sale_id, sales.code, print_jobs.status,
                    print_jobs.attempts, print_jobs.last_error, print_jobs.last_problem
             FROM print_jobs JOIN sales ON sales.id = print_jobs.sale_id
             WHERE print_jobs.status <> 'printed' ORDER BY print_jobs.seq",
        )?;
        let jobs = statement.query_map([], |row| {
            Ok(PrintJob {
                job: row.get(0)?,
                sale_id: row.get(1)?,
                sale_code: row.get(2)?,
                status: row.get(3)?,
                attempts: row.get(4)?,
                last_error: row.get(5)?,
                last_problem: row.get(6)?,
            })
        })?;
        Ok(jobs.collect::<Result<Vec<_>, _>>()?)
    })
}
