//! Fitting text to the paper: word wrapping, centring and left-right lines, on text already
//! transcoded to the printer's code page, where one byte is one column.

/// Splits `text` into lines of at most `width` columns, breaking at spaces where it can
/// and inside a word only when the word alone is wider than the paper.
pub fn wrap(text: &[u8], width: usize) -> Vec<Vec<u8>> {
    let width = width.max(1);
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text
        .split(|&byte| byte == b' ')
        .filter(|word| !word.is_empty())
    {
        let needed = if line.is_empty() {
            word.len()
        } else {
            line.len() + 1 + word.len()
        };
        if needed <= width {
            if !line.is_empty() {
                line.push(b' ');
            }
            line.extend_from_slice(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut chunks = word.chunks(width).peekable();
        while let Some(chunk) = chunks.next() {
            if chunks.peek().is_some() {
                lines.push(chunk.to_vec());
            } else {
                line = chunk.to_vec();
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` preceded by enough spaces to centre it in `width` columns.
pub fn centred(text: &[u8], width: usize) -> Vec<u8> {
    let padding = width.saturating_sub(text.len()) / 2;
    let mut line = vec![b' '; padding];
    line.extend_from_slice(text);
    line
}

/// Lines with `left` wrapped on the left and `right` ending the last one at column
/// `width`. If `right` leaves no room beside it, it gets a line of its own.
pub fn left_and_right(left: &[u8], right: &[u8], width: usize) -> Vec<Vec<u8>> {
    let room_for_left = width.saturating_sub(right.len() + 1);
    if room_for_left == 0 {
        let mut lines = wrap(left, width);
        lines.push(right_aligned(right, width));
        return lines;
    }
    let mut lines = wrap(left, room_for_left);
    if let Some(last) = lines.last_mut() {
        let padding = width - last.len() - right.len();
        last.extend(std::iter::repeat_n(b' ', padding));
        last.extend_from_slice(right);
    }
    lines
}

fn right_aligned(text: &[u8], width: usize) -> Vec<u8> {
    let mut line = vec![b' '; width.saturating_sub(text.len())];
    line.extend_from_slice(text);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_lines(lines: Vec<Vec<u8>>) -> Vec<String> {
        lines
            .into_iter()
            .map(|line| String::from_utf8_lossy(&line).into_owned())
            .collect()
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_splits_only_overlong_words() {
        let cases: &[(&str, usize, &[&str])] = &[
            (
                "Areia sanitaria para gatos",
                12,
                &["Areia", "sanitaria", "para gatos"],
            ),
            ("Coleira", 32, &["Coleira"]),
            ("ABCDEFGHIJ KL", 4, &["ABCD", "EFGH", "IJ", "KL"]),
            ("  muitos   espaços ", 32, &["muitos espaços"]),
            ("", 32, &[""]),
        ];
        for (text, width, expected) in cases {
            let wrapped = text_lines(wrap(text.as_bytes(), *width));
            assert_eq!(wrapped, *expected, "wrapping {text:?} at {width}");
            assert!(
                wrap(text.as_bytes(), *width)
                    .iter()
                    .all(|line| line.len() <= *width),
                "no wrapped line of {text:?} may pass {width} columns"
            );
        }
    }

    #[test]
    fn the_right_text_ends_exactly_at_the_last_column() {
        let lines = text_lines(left_and_right(
            b"Racao Premium Caes Adultos 15kg",
            b"189,90",
            24,
        ));
        assert_eq!(
            lines,
            ["Racao Premium", "Caes Adultos 15kg 189,90"],
            "the description wraps short of the amount, which ends at column 24"
        );
    }

    #[test]
    fn a_right_text_too_wide_to_share_goes_on_its_own_line() {
        let lines = text_lines(left_and_right(b"Banho", b"1234567890", 10));
        assert_eq!(
            lines,
            ["Banho", "1234567890"],
            "no room beside a 10-column amount"
        );
    }

    #[test]
    fn centring_pads_on_the_left_only() {
        assert_eq!(
            centred(b"PET", 9),
            b"   PET",
            "three spaces either side, only the left sent"
        );
        assert_eq!(
            centred(b"LONGER THAN", 4),
            b"LONGER THAN",
            "no negative padding"
        );
    }
}
