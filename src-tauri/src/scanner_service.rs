//! The serial barcode scanner's reader: a thread that opens the port the settings name,
//! cuts what arrives into scans and hands each to the window as a `serial-scan` event,
//! which the sale screen treats as a code typed into its scan field. A port that cannot
//! be opened or goes away is tried again every few seconds, and saving the settings
//! wakes the reader at once; the last problem is kept, as a code, for the settings screen.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use fflow_core::StoreDatabase;
use fflow_core::scanner_settings::serial_scanner_settings;
use fflow_devices::serial_scanner::SerialScanner;
use tauri::{AppHandle, Emitter};

/// The event a scan reaches the window as; its payload is the scan's text.
pub const SERIAL_SCAN_EVENT: &str = "serial-scan";
/// How long one read waits, which is also how soon a settings change is noticed while a
/// port is open.
const READ_WAIT: Duration = Duration::from_millis(200);
/// How long to wait before opening a port again after it failed, unless woken.
const RETRY_AFTER: Duration = Duration::from_secs(3);

/// The last problem, as a code and the words devices gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerProblem {
    pub code: String,
    pub detail: String,
}

/// The running reader (none when the database did not open).
#[derive(Debug, Default)]
pub struct ScannerService {
    wake: Option<Mutex<Sender<()>>>,
    problem: Arc<Mutex<Option<ScannerProblem>>>,
}

impl ScannerService {
    pub fn start(database: Option<Arc<StoreDatabase>>, app: AppHandle) -> ScannerService {
        let Some(database) = database else {
            return ScannerService::default();
        };
        let (wake, woken) = channel();
        let problem = Arc::new(Mutex::new(None));
        let recorded = Arc::clone(&problem);
        let started = std::thread::Builder::new()
            .name("serial-scanner".to_owned())
            .spawn(move || read_scans(&database, &woken, &recorded, &app));
        if let Err(error) = started {
            tracing::error!("the serial scanner reader could not start: {error}");
            return ScannerService::default();
        }
        ScannerService {
            wake: Some(Mutex::new(wake)),
            problem,
        }
    }

    /// Asks the reader to read the settings again now.
    pub fn wake(&self) {
        if let Some(wake) = &self.wake {
            let _ = wake.lock().unwrap_or_else(PoisonError::into_inner).send(());
        }
    }

    pub fn problem(&self) -> Option<ScannerProblem> {
        self.problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn read_scans(
    database: &StoreDatabase,
    woken: &Receiver<()>,
    problem: &Mutex<Option<ScannerProblem>>,
    app: &AppHandle,
) {
    let report = |found: Option<ScannerProblem>| {
        if let Some(found) = &found {
            tracing::warn!("serial scanner: {}", found.detail);
        }
        *problem.lock().unwrap_or_else(PoisonError::into_inner) = found;
    };
    loop {
        let opened = match serial_scanner_settings(database) {
            Ok(None) => {
                report(None);
                None
            }
            Ok(Some(settings)) => Some(
                settings
                    .port()
                    .and_then(|port| Ok((port, settings.suffix_bytes()?)))
                    .map_err(|error| ScannerProblem {
                        code: error.code().to_owned(),
                        detail: error.to_string(),
                    })
                    .and_then(|(port, suffix)| {
                        SerialScanner::open(&port, &suffix, READ_WAIT).map_err(|error| {
                            ScannerProblem {
                                code: error.code().to_owned(),
                                detail: error.to_string(),
                            }
                        })
                    }),
            ),
            Err(error) => Some(Err(ScannerProblem {
                code: error.code().to_owned(),
                detail: error.to_string(),
            })),
        };
        match opened {
            // No scanner: sleep until the settings change.
            None => {
                if woken.recv().is_err() {
                    return;
                }
            }
            Some(Err(found)) => {
                report(Some(found));
                if matches!(
                    woken.recv_timeout(RETRY_AFTER),
                    Err(RecvTimeoutError::Disconnected)
                ) {
                    return;
                }
            }
            Some(Ok(mut scanner)) => {
                report(None);
                if !forward_scans(&mut scanner, woken, &report, app) {
                    return;
                }
            }
        }
    }
}

/// Sends the window every scan until the settings change (`true`, open again) or the app
/// ends (`false`). A port that goes away is reported and ends the loop to be opened again.
fn forward_scans(
    scanner: &mut SerialScanner,
    woken: &Receiver<()>,
    report: &impl Fn(Option<ScannerProblem>),
    app: &AppHandle,
) -> bool {
    loop {
        match woken.try_recv() {
            Ok(()) => return true,
            Err(TryRecvError::Disconnected) => return false,
            Err(TryRecvError::Empty) => {}
        }
        match scanner.next_scan() {
            Ok(None) => {}
            Ok(Some(scan)) => {
                report(None);
                if let Err(error) = app.emit(SERIAL_SCAN_EVENT, scan) {
                    tracing::error!("a scan could not reach the window: {error}");
                }
            }
            Err(error) => {
                let disconnected = error.code() == "scanner_disconnected";
                report(Some(ScannerProblem {
                    code: error.code().to_owned(),
                    detail: error.to_string(),
                }));
                if disconnected {
                    // Give a replugged scanner a moment to appear again.
                    return !matches!(
                        woken.recv_timeout(RETRY_AFTER),
                        Err(RecvTimeoutError::Disconnected)
                    );
                }
            }
        }
    }
}
