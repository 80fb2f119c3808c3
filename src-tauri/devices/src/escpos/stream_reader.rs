//! A reader of ESC/POS byte streams for tests: it splits what a printer would receive into
//! commands and printed lines, the way the printer itself would, so tests assert on what
//! gets printed rather than on byte offsets.

use super::pc860::decode_pc860;

/// A command the reader recognises, with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Initialise,
    CodePage(u8),
    Bold(bool),
    CharacterSize { width: u8, height: u8 },
    Justify(u8),
    FeedLines(u8),
    PartialCut,
    FullCut,
    DrawerPulse { pin: u8, on_ms: u32, off_ms: u32 },
    QrModel(u8),
    QrModuleSize(u8),
    QrErrorCorrection(u8),
    QrStore(Vec<u8>),
    QrPrint,
}

/// A line as printed, with the style in force when it was printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedLine {
    pub text: String,
    /// Columns the line takes in the normal font: its characters times the width factor.
    pub columns: usize,
    pub bold: bool,
    pub width: u8,
    pub height: u8,
}

/// What the stream contained, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Command(Command),
    Line(PrintedLine),
}

/// Why a stream could not be read: it holds a byte sequence the renderer must never send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableStream {
    pub offset: usize,
    pub bytes: Vec<u8>,
}

/// Reads the whole stream. Text not ended by LF before a command or the end is reported
/// as a line too, so nothing printed goes unseen.
pub fn read_stream(stream: &[u8]) -> Result<Vec<Piece>, UnreadableStream> {
    let mut pieces = Vec::new();
    let (mut bold, mut width, mut height) = (false, 1, 1);
    let mut text: Vec<u8> = Vec::new();
    let mut offset = 0;
    let unreadable = |offset: usize| UnreadableStream {
        offset,
        bytes: stream[offset..stream.len().min(offset + 8)].to_vec(),
    };
    while offset < stream.len() {
        let rest = &stream[offset..];
        let is_command = matches!(rest[0], 0x1b | 0x1d);
        if !is_command {
            if rest[0] == b'\n' {
                let line = printed_line(&std::mem::take(&mut text), bold, width, height);
                pieces.push(Piece::Line(line));
            } else if rest[0] < 0x20 {
                return Err(unreadable(offset));
            } else {
                text.push(rest[0]);
            }
            offset += 1;
            continue;
        }
        if !text.is_empty() {
            let line = printed_line(&std::mem::take(&mut text), bold, width, height);
            pieces.push(Piece::Line(line));
        }
        let (command, length) = read_command(rest).ok_or_else(|| unreadable(offset))?;
        match command {
            Command::Initialise => (bold, width, height) = (false, 1, 1),
            Command::Bold(on) => bold = on,
            Command::CharacterSize {
                width: new_width,
                height: new_height,
            } => (width, height) = (new_width, new_height),
            _ => {}
        }
        pieces.push(Piece::Command(command));
        offset += length;
    }
    if !text.is_empty() {
        pieces.push(Piece::Line(printed_line(&text, bold, width, height)));
    }
    Ok(pieces)
}

fn printed_line(bytes: &[u8], bold: bool, width: u8, height: u8) -> PrintedLine {
    PrintedLine {
        text: bytes.iter().copied().map(decode_pc860).collect(),
        columns: bytes.len() * usize::from(width),
        bold,
        width,
        height,
    }
}

/// The command at the start of `bytes` and how many bytes it takes.
fn read_command(bytes: &[u8]) -> Option<(Command, usize)> {
    let argument = |index: usize| bytes.get(index).copied();
    match (bytes.first()?, bytes.get(1)?) {
        (0x1b, b'@') => Some((Command::Initialise, 2)),
        (0x1b, b't') => Some((Command::CodePage(argument(2)?), 3)),
        (0x1b, b'E') => Some((Command::Bold(argument(2)? & 1 == 1), 3)),
        (0x1b, b'a') => Some((Command::Justify(argument(2)?), 3)),
        (0x1b, b'd') => Some((Command::FeedLines(argument(2)?), 3)),
        (0x1b, b'p') => {
            let (pin, on, off) = (argument(2)?, argument(3)?, argument(4)?);
            let pulse = Command::DrawerPulse {
                pin: pin & 1,
                on_ms: u32::from(on) * 2,
                off_ms: u32::from(off) * 2,
            };
            Some((pulse, 5))
        }
        (0x1d, b'!') => {
            let size = argument(2)?;
            let command = Command::CharacterSize {
                width: (size >> 4) + 1,
                height: (size & 0x0f) + 1,
            };
            Some((command, 3))
        }
        (0x1d, b'V') => match argument(2)? {
            0 | 48 => Some((Command::FullCut, 3)),
            1 | 49 => Some((Command::PartialCut, 3)),
            65 => Some((Command::FullCut, 4)),
            66 => Some((Command::PartialCut, 4)),
            _ => None,
        },
        (0x1d, b'(') if argument(2)? == b'k' => read_two_dimensional_code(bytes),
        _ => None,
    }
}

/// `GS ( k pL pH cn fn [parameters]`, QR functions only (cn = 49).
fn read_two_dimensional_code(bytes: &[u8]) -> Option<(Command, usize)> {
    let parameter_length = usize::from(u16::from_le_bytes([*bytes.get(3)?, *bytes.get(4)?]));
    let total = 5 + parameter_length;
    let parameters = bytes.get(5..total)?;
    let (&code_type, &function, arguments) = match parameters {
        [code_type, function, arguments @ ..] => (code_type, function, arguments),
        _ => return None,
    };
    if code_type != 49 {
        return None;
    }
    let command = match (function, arguments) {
        (65, [model, 0]) => Command::QrModel(*model),
        (67, [size]) => Command::QrModuleSize(*size),
        (69, [level]) => Command::QrErrorCorrection(*level),
        (80, [48, data @ ..]) => Command::QrStore(data.to_vec()),
        (81, [48]) => Command::QrPrint,
        _ => return None,
    };
    Some((command, total))
}

/// The printed lines of a stream, in order.
pub fn printed_lines(pieces: &[Piece]) -> Vec<&PrintedLine> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Line(line) => Some(line),
            Piece::Command(_) => None,
        })
        .collect()
}

/// The commands of a stream, in order.
pub fn commands(pieces: &[Piece]) -> Vec<&Command> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Command(command) => Some(command),
            Piece::Line(_) => None,
        })
        .collect()
}
