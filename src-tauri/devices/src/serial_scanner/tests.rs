//! Tests of scan framing as tables of byte chunks, and of a scanner on a real
//! pseudo-terminal pair whose other side plays the scanner.

use std::io::Write;

use serialport::TTYPort;

use super::*;
use crate::scan::{ProductSymbology, ScanSettings, ScannedCode, parse_scan};
use crate::serial_port::SerialFlowControl;

/// Feeds `chunks` one push at a time and checks every scan and refusal, in order.
fn check(extra_terminators: &[u8], chunks: &[&[u8]], expected: &[Result<&str, SerialScanError>]) {
    let mut framer = ScanFramer::new(extra_terminators);
    let got: Vec<Result<String, SerialScanError>> =
        chunks.iter().flat_map(|chunk| framer.push(chunk)).collect();
    let expected: Vec<Result<String, SerialScanError>> = expected
        .iter()
        .map(|scan| scan.clone().map(str::to_owned))
        .collect();
    assert_eq!(got, expected, "chunks {chunks:?}");
}

#[test]
fn scans_end_at_cr_lf_or_the_configured_terminator() {
    check(b"", &[b"7891234567895\r\n"], &[Ok("7891234567895")]);
    check(b"", &[b"A\rB\nC\r\n"], &[Ok("A"), Ok("B"), Ok("C")]);
    check(b"", &[b"\r\n\r\n\n"], &[]);
    check(b"", &[b"78912", b"34567", b"895\r"], &[Ok("7891234567895")]);
    check(b"", &[b"no ending yet"], &[]);
    check(b"#", &[b"ABC#DEF#"], &[Ok("ABC"), Ok("DEF")]);
    check(b"\x03", &[b"\x0212345\x03"], &[Ok("\x0212345")]);
    check(b"", &[b"]C1010789\x1d10LOT\r"], &[Ok("]C1010789\x1d10LOT")]);
}

#[test]
fn garbage_is_refused_and_the_next_scan_still_comes_through() {
    check(
        b"",
        &[&[0xff, 0xfe, b'\n'], b"OK\n"],
        &[Err(SerialScanError::NotText { bytes: 2 }), Ok("OK")],
    );
    let run = vec![b'x'; MAX_SCAN_BYTES + 10];
    check(
        b"",
        &[&run, b"still the same run\n", b"OK\n"],
        &[Err(SerialScanError::TooLong), Ok("OK")],
    );
    let longest = vec![b'7'; MAX_SCAN_BYTES];
    let mut framer = ScanFramer::new(b"");
    let scans = framer.push(&[longest.as_slice(), b"\n"].concat());
    assert_eq!(
        scans.len(),
        1,
        "a scan of exactly the limit is still a scan"
    );
    assert!(
        scans[0]
            .as_ref()
            .is_ok_and(|scan| scan.len() == MAX_SCAN_BYTES)
    );
}

fn port_settings(path: String) -> SerialPortSettings {
    SerialPortSettings {
        path,
        baud_rate: 9600,
        flow_control: SerialFlowControl::None,
    }
}

/// Polls until a scan or a refusal arrives, at most `polls` times.
fn next(scanner: &mut SerialScanner, polls: usize) -> Result<Option<String>, SerialScanError> {
    for _ in 0..polls {
        if let Some(scan) = scanner.next_scan()? {
            return Ok(Some(scan));
        }
    }
    Ok(None)
}

#[test]
fn a_scanner_on_a_serial_port_delivers_scans_parse_scan_understands() {
    let (mut scanner_side, port_side) = TTYPort::pair().expect("a terminal pair");
    let path = port_side.name().expect("the port side has a path");
    let mut scanner = SerialScanner::open(&port_settings(path), b"", Duration::from_millis(200))
        .expect("open the scanner's port");
    assert_eq!(
        scanner.next_scan(),
        Ok(None),
        "nothing scanned yet: the wait ends empty-handed"
    );

    // An EAN-13 with its AIM identifier, sent in two pieces, then garbage, then a code.
    scanner_side.write_all(b"]E078912").expect("send");
    scanner_side.write_all(b"34567895\r\n").expect("send");
    scanner_side.write_all(&[0xc3, 0x28, b'\r']).expect("send");
    scanner_side.write_all(b"PLU-42\r").expect("send");

    let settings = ScanSettings {
        suffixes: Vec::new(),
        variable_measure_rules: Vec::new(),
    };
    let first = next(&mut scanner, 50)
        .expect("reads")
        .expect("a scan arrives");
    assert_eq!(
        parse_scan(&first, &settings),
        Ok(ScannedCode::Product {
            symbology: ProductSymbology::Ean13,
            gtin: "7891234567895".to_owned(),
        })
    );
    assert_eq!(
        next(&mut scanner, 50),
        Err(SerialScanError::NotText { bytes: 2 }),
        "bytes that are not text are reported"
    );
    assert_eq!(next(&mut scanner, 50), Ok(Some("PLU-42".to_owned())));
}

#[test]
fn a_missing_scanner_port_is_named() {
    let path = "/dev/fflow-no-such-scanner".to_owned();
    let error = SerialScanner::open(&port_settings(path.clone()), b"", Duration::from_millis(10))
        .expect_err("no device has that path");
    assert_eq!(
        error,
        SerialScanError::Open(SerialOpenError::NotFound { path })
    );
}
