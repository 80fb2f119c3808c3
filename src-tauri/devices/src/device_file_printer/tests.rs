//! Tests of device-file printing against real files in a temporary folder: a FIFO that a
//! test thread reads stands in for the printer's device node, and a missing path, a
//! folder, a file the user may not open and a FIFO nobody drains stand in for what goes
//! wrong at a counter.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use nix::libc;
use nix::sys::stat::Mode;
use tempfile::TempDir;

use super::open_device_file::open_error;
use super::*;
use crate::escpos::render_escpos;
use crate::print_document::{PaperWidth, sample_receipt};

/// The longest any test waits for the printer when it is expected to take the job.
const ARRIVAL_LIMIT: Duration = Duration::from_secs(10);

/// How long the stalling tests wait before giving up on the printer.
const STALL_TIMEOUT: Duration = Duration::from_millis(200);

/// A receipt and enough filler to fill a pipe's 64 KiB buffer several times over, so
/// the printer's non-blocking writes have to wait for the reader.
fn job() -> Vec<u8> {
    let mut job = render_escpos(&sample_receipt(), PaperWidth::Millimetres80).expect("renders");
    job.extend((0..256 * 1024).map(|index| (index % 251) as u8));
    job
}

/// A FIFO in a fresh folder, and the folder that must outlive it.
fn fifo() -> (TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("lp0");
    nix::unistd::mkfifo(&path, Mode::S_IRUSR | Mode::S_IWUSR).expect("make the FIFO");
    (folder, path)
}

/// The FIFO opened as the printer's side, for reading and writing: a FIFO held only for
/// reading would make our open wait for us, and held for writing too, it never reports
/// end of file, so the reader reads the length it expects.
fn printer_side(path: &Path) -> File {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("open the printer's side")
}

/// Reads exactly `expected` bytes on its own thread, so the sender meets a full pipe
/// and has to wait, as it would on a real printer.
fn read_on_printer_side(mut printer_side: File, expected: usize) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut received = vec![0; expected];
        printer_side
            .read_exact(&mut received)
            .expect("the whole job arrives");
        received
    })
}

#[test]
fn the_printer_receives_the_job_byte_for_byte() {
    let (_folder, path) = fifo();
    let job = job();
    let reader = read_on_printer_side(printer_side(&path), job.len());
    assert_eq!(print_to_device_file(&path, &job, ARRIVAL_LIMIT), Ok(()));
    let received = reader.join().expect("the reader finishes");
    assert!(
        received == job,
        "every byte arrives unchanged and in order (first difference at byte {:?})",
        received
            .iter()
            .zip(&job)
            .position(|(got, sent)| got != sent)
    );
}

#[test]
fn a_missing_path_is_not_connected_and_nothing_was_sent() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("lp0");
    let error =
        print_to_device_file(&path, &job(), ARRIVAL_LIMIT).expect_err("no device has that path");
    assert_eq!(
        error,
        DeviceFilePrintError::NotConnected {
            path: path.display().to_string()
        }
    );
    assert!(
        !path.exists(),
        "printing must not create a file where the printer should be"
    );
    assert!(error.nothing_was_sent(), "the queue may retry on its own");
}

#[test]
fn a_fifo_nobody_reads_from_is_not_connected_and_nothing_was_sent() {
    // Like a device node whose printer is switched off: the path is there, nobody
    // answers behind it (ENXIO).
    let (_folder, path) = fifo();
    let error = print_to_device_file(&path, &job(), ARRIVAL_LIMIT)
        .expect_err("a FIFO without a reader cannot be opened non-blocking for writing");
    assert_eq!(
        error,
        DeviceFilePrintError::NotConnected {
            path: path.display().to_string()
        }
    );
    assert!(error.nothing_was_sent());
}

#[test]
fn a_folder_is_named_as_a_folder_and_nothing_was_sent() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let error = print_to_device_file(folder.path(), &job(), ARRIVAL_LIMIT)
        .expect_err("a folder cannot be written to");
    assert_eq!(
        error,
        DeviceFilePrintError::IsADirectory {
            path: folder.path().display().to_string()
        }
    );
    assert!(error.nothing_was_sent());
}

#[test]
fn a_file_the_user_may_not_open_asks_for_the_lp_group() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("lp0");
    File::create(&path).expect("create the file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("mode 000");
    let job = job();
    let result = print_to_device_file(&path, &job, ARRIVAL_LIMIT);
    if nix::unistd::geteuid().is_root() {
        // Permissions do not bind root, so the refusal cannot be seen; what can be seen
        // is that the job went into the file as it would into a device.
        assert_eq!(result, Ok(()), "root may open any file");
        assert!(
            std::fs::read(&path).expect("root reads the file") == job,
            "the whole job is in the file"
        );
        return;
    }
    let error = result.expect_err("mode 000 refuses everyone but root");
    assert_eq!(
        error,
        DeviceFilePrintError::PermissionDenied {
            path: path.display().to_string()
        }
    );
    assert!(
        error.to_string().contains("lp group"),
        "the message says what fixes it: {error}"
    );
    assert!(error.nothing_was_sent());
}

#[test]
fn a_printer_that_stops_taking_bytes_times_out_saying_how_far_the_job_got() {
    // The printer's side is open but never read: like a printer out of paper, the pipe's
    // buffer fills and writing stops.
    let (_folder, path) = fifo();
    let _printer_side = printer_side(&path);
    let job = vec![b'x'; 1024 * 1024];
    let error = print_to_device_file(&path, &job, STALL_TIMEOUT)
        .expect_err("a job larger than the pipe's buffer cannot all leave");
    let DeviceFilePrintError::WriteTimedOut {
        bytes_sent, total, ..
    } = error
    else {
        panic!("expected a write timeout, got {error:?}");
    };
    assert!(
        0 < bytes_sent && bytes_sent < total && total == job.len(),
        "the error says how far the job got ({bytes_sent} of {total})"
    );
    assert!(
        !error.nothing_was_sent(),
        "part of the receipt may be on paper: no retry on its own"
    );
}

#[test]
fn a_printer_that_takes_no_byte_times_out_and_nothing_was_sent() {
    let (_folder, path) = fifo();
    let mut printer_side = printer_side(&path);
    fill_the_pipe(&path);
    let error =
        print_to_device_file(&path, &job(), STALL_TIMEOUT).expect_err("a full pipe takes nothing");
    assert_eq!(
        error,
        DeviceFilePrintError::NotTakingBytes {
            path: path.display().to_string(),
            timeout_ms: STALL_TIMEOUT.as_millis()
        }
    );
    assert!(
        error.nothing_was_sent(),
        "no byte was written, so the queue may retry on its own"
    );
    let mut first = [0_u8; 1];
    printer_side
        .read_exact(&mut first)
        .expect("the filler is there");
    assert_eq!(
        first,
        [0xaa],
        "the pipe holds only the filler, none of the job"
    );
}

/// Writes filler until the pipe refuses even one more byte.
fn fill_the_pipe(path: &Path) {
    let mut filler = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .expect("a second writer");
    for piece in [&[0xaa_u8; 4096][..], &[0xaa]] {
        loop {
            match filler.write(piece) {
                Ok(_) => {}
                Err(error) if error.kind() == ErrorKind::WouldBlock => break,
                Err(error) => panic!("filling the pipe: {error}"),
            }
        }
    }
}

#[test]
fn each_reason_an_open_fails_is_named_and_proves_nothing_was_sent() {
    let path = "/dev/usb/lp0";
    type Named = fn(String) -> DeviceFilePrintError;
    let cases: [(i32, Named); 6] = [
        (libc::ENOENT, |path| DeviceFilePrintError::NotConnected {
            path,
        }),
        (libc::ENODEV, |path| DeviceFilePrintError::NotConnected {
            path,
        }),
        (libc::ENXIO, |path| DeviceFilePrintError::NotConnected {
            path,
        }),
        (libc::EACCES, |path| {
            DeviceFilePrintError::PermissionDenied { path }
        }),
        (libc::EBUSY, |path| DeviceFilePrintError::Busy { path }),
        (libc::EISDIR, |path| DeviceFilePrintError::IsADirectory {
            path,
        }),
    ];
    for (errno, expected) in cases {
        let error = open_error(Path::new(path), &std::io::Error::from_raw_os_error(errno));
        assert_eq!(error, expected(path.to_owned()), "errno {errno}");
        assert!(error.nothing_was_sent(), "errno {errno}: the open failed");
    }
    let other = open_error(
        Path::new(path),
        &std::io::Error::from_raw_os_error(libc::EIO),
    );
    assert!(
        matches!(&other, DeviceFilePrintError::OpenFailed { message, .. } if !message.is_empty()),
        "an unexpected errno keeps the system's words: {other:?}"
    );
}
