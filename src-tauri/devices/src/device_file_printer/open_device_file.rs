//! The device file opened non-blocking, with writes that wait for the device up to a
//! timeout (with `poll`), and the reasons an open fails in the printer's terms.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::libc;
use nix::poll::{PollFd, PollFlags, poll};

use super::DeviceFilePrintError;

/// A device file whose writes wait up to `write_timeout` for the device to take bytes,
/// then fail with `TimedOut`.
#[derive(Debug)]
pub struct DeviceFileWithTimeout {
    file: File,
    write_timeout: Duration,
}

/// Opens `path` for writing without creating it: a printer's file exists while it is
/// plugged in. Non-blocking, so neither the open nor a write can hang on the device.
pub fn open_for_printing(
    path: &Path,
    write_timeout: Duration,
) -> Result<DeviceFileWithTimeout, DeviceFilePrintError> {
    OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map(|file| DeviceFileWithTimeout {
            file,
            write_timeout,
        })
        .map_err(|error| open_error(path, &error))
}

/// Names why `path` could not be opened; nothing was sent in any case.
pub fn open_error(path: &Path, error: &std::io::Error) -> DeviceFilePrintError {
    let path = path.display().to_string();
    match error.kind() {
        ErrorKind::NotFound => DeviceFilePrintError::NotConnected { path },
        ErrorKind::PermissionDenied => DeviceFilePrintError::PermissionDenied { path },
        ErrorKind::ResourceBusy => DeviceFilePrintError::Busy { path },
        ErrorKind::IsADirectory => DeviceFilePrintError::IsADirectory { path },
        // The device node is there but no device answers behind it (a printer switched
        // off, or a pipe nobody reads).
        _ if matches!(error.raw_os_error(), Some(libc::ENXIO | libc::ENODEV)) => {
            DeviceFilePrintError::NotConnected { path }
        }
        _ => DeviceFilePrintError::OpenFailed {
            path,
            message: error.to_string(),
        },
    }
}

impl Write for DeviceFileWithTimeout {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        let deadline = Instant::now() + self.write_timeout;
        loop {
            match self.file.write(buffer) {
                Err(error) if error.kind() == ErrorKind::WouldBlock => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() || !self.wait_until_writable(left)? {
                        return Err(ErrorKind::TimedOut.into());
                    }
                }
                taken_or_failed => return taken_or_failed,
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl DeviceFileWithTimeout {
    /// Whether the device became ready (or reported an error, which the next write will
    /// name) within `within`.
    fn wait_until_writable(&self, within: Duration) -> std::io::Result<bool> {
        let mut interest = [PollFd::new(self.file.as_raw_fd(), PollFlags::POLLOUT)];
        // Rounded up to a millisecond so a sub-millisecond rest still waits.
        let milliseconds = i32::try_from(within.as_millis()).unwrap_or(i32::MAX).max(1);
        match poll(&mut interest, milliseconds) {
            Ok(ready) => Ok(ready > 0),
            // A signal cut the wait short; the caller's deadline decides whether to wait
            // again.
            Err(Errno::EINTR) => Ok(true),
            Err(errno) => Err(errno.into()),
        }
    }
}
