//! Tests of the byte count and the cause when a stream stops taking a job part way, with
//! an in-memory stream that takes a set number of bytes and then fails the way told.

use super::*;

/// Takes up to `capacity` bytes, at most `per_write` per call, then fails with `then`.
struct StreamThatStops {
    taken: Vec<u8>,
    capacity: usize,
    per_write: usize,
    then: ErrorKind,
}

impl Write for StreamThatStops {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        let room = self.capacity - self.taken.len();
        if room == 0 {
            return Err(self.then.into());
        }
        let count = buffer.len().min(room).min(self.per_write);
        self.taken.extend_from_slice(&buffer[..count]);
        Ok(count)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn check(capacity: usize, then: ErrorKind, expected: Result<(), (usize, WriteStopCause)>) {
    let job: Vec<u8> = (0..10_000).map(|index| (index % 251) as u8).collect();
    let mut stream = StreamThatStops {
        taken: Vec::new(),
        capacity,
        // Less than a piece, so a failure can fall in the middle of one.
        per_write: 700,
        then,
    };
    let result = write_whole_job(&mut stream, &job, 1024)
        .map_err(|stopped| (stopped.bytes_sent, stopped.cause()));
    assert_eq!(result, expected, "capacity {capacity}, then {then:?}");
    assert!(
        job.starts_with(&stream.taken),
        "the stream took the start of the job, in order"
    );
    if let Err((bytes_sent, _)) = result {
        assert_eq!(
            bytes_sent,
            stream.taken.len(),
            "every byte the stream took is counted, even within a piece"
        );
    }
}

#[test]
fn the_count_and_the_cause_say_how_far_the_job_got_and_why_it_stopped() {
    check(20_000, ErrorKind::WouldBlock, Ok(()));
    check(0, ErrorKind::WouldBlock, Err((0, WriteStopCause::TimedOut)));
    check(
        1500,
        ErrorKind::TimedOut,
        Err((1500, WriteStopCause::TimedOut)),
    );
    check(
        3000,
        ErrorKind::BrokenPipe,
        Err((3000, WriteStopCause::Closed)),
    );
    check(
        10,
        ErrorKind::ConnectionReset,
        Err((10, WriteStopCause::Closed)),
    );
    check(
        9_999,
        ErrorKind::Other,
        Err((9_999, WriteStopCause::Failed)),
    );
}

#[test]
fn a_stream_that_takes_nothing_and_no_error_is_reported_closed_not_looped_on() {
    struct TakesNothing;
    impl Write for TakesNothing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Ok(0)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let stopped = write_whole_job(&mut TakesNothing, b"job", 1024).expect_err("never taken");
    assert_eq!(
        (stopped.bytes_sent, stopped.cause()),
        (0, WriteStopCause::Closed)
    );
}
