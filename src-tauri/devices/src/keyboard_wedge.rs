//! Telling a keyboard-wedge scanner from a person typing, by the timing of key events.
//!
//! A wedge scanner "types" the code it read into whatever field has focus, so the counter
//! sees keys either way. The difference is speed and regularity: a scanner sends a whole
//! code in a burst, a few milliseconds per key, and ends it with Enter; a person, even a
//! fast typist, leaves 80 ms or more between keys.
//!
//! The thresholds (the UI uses the same numbers, from [`WEDGE_THRESHOLDS`], which the
//! shell hands it; `ui/src/keyboardScanner.ts` applies the same rule):
//!
//! - at least **6 characters** before the Enter: shorter codes are not worth the risk of
//!   taking a quick "12" + Enter in a quantity field for a scan;
//! - the **median gap ≤ 30 ms** between consecutive keys (Enter included): scanners send
//!   at 2-15 ms per key, the fastest typing is about 60-80 ms per key;
//! - **no gap above 100 ms**: a scanner never pauses mid-code; a long pause means a person
//!   typed (or pasted and then typed) part of it;
//! - the burst **ends with Enter** and nothing comes after it.
//!
//! The median rather than the mean keeps one slow USB poll from hiding a burst.

/// A key as the classifier sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Character(char),
    Enter,
    /// Shift, Tab, arrows and other keys that add no character.
    Other,
}

/// One key press with the time it arrived, in milliseconds from any fixed origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyEvent {
    pub key: Key,
    pub at_ms: u64,
}

/// The numbers that separate a scan from typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WedgeThresholds {
    pub min_characters: usize,
    pub max_median_gap_ms: u64,
    pub max_single_gap_ms: u64,
}

/// The documented thresholds; see the module documentation for why each is what it is.
pub const WEDGE_THRESHOLDS: WedgeThresholds = WedgeThresholds {
    min_characters: 6,
    max_median_gap_ms: 30,
    max_single_gap_ms: 100,
};

/// Who produced a sequence of keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A scanner: the characters before Enter are the scanned code.
    Scanner {
        code: String,
    },
    Person,
}

/// Classifies the keys typed into a field, from the first key to the Enter that ended it.
pub fn classify_key_burst(events: &[KeyEvent], thresholds: &WedgeThresholds) -> KeySource {
    let Some((last, before_enter)) = events.split_last() else {
        return KeySource::Person;
    };
    if last.key != Key::Enter {
        return KeySource::Person;
    }
    let code: String = before_enter
        .iter()
        .filter_map(|event| match event.key {
            Key::Character(character) => Some(character),
            Key::Enter | Key::Other => None,
        })
        .collect();
    // An Enter inside the burst means two entries, which is not one scan.
    let has_inner_enter = before_enter.iter().any(|event| event.key == Key::Enter);
    if has_inner_enter || code.chars().count() < thresholds.min_characters {
        return KeySource::Person;
    }
    let mut gaps: Vec<u64> = events
        .windows(2)
        .map(|pair| pair[1].at_ms.saturating_sub(pair[0].at_ms))
        .collect();
    gaps.sort_unstable();
    // With an even count this takes the upper middle, which errs towards "person".
    let (Some(&median_gap), Some(&longest_gap)) = (gaps.get(gaps.len() / 2), gaps.last()) else {
        return KeySource::Person;
    };
    if median_gap <= thresholds.max_median_gap_ms && longest_gap <= thresholds.max_single_gap_ms {
        KeySource::Scanner { code }
    } else {
        KeySource::Person
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds events from text and the gaps before each key after the first; `\n` is
    /// Enter and `\t` a key without a character.
    fn keys(text: &str, gaps_ms: &[u64]) -> Vec<KeyEvent> {
        assert_eq!(
            gaps_ms.len() + 1,
            text.chars().count(),
            "one gap per key after the first"
        );
        let mut at_ms = 1_000;
        text.chars()
            .enumerate()
            .map(|(index, character)| {
                if index > 0 {
                    at_ms += gaps_ms[index - 1];
                }
                let key = match character {
                    '\n' => Key::Enter,
                    '\t' => Key::Other,
                    _ => Key::Character(character),
                };
                KeyEvent { key, at_ms }
            })
            .collect()
    }

    fn check(text: &str, gaps_ms: &[u64], expected: KeySource) {
        assert_eq!(
            classify_key_burst(&keys(text, gaps_ms), &WEDGE_THRESHOLDS),
            expected,
            "classifying {text:?} typed with gaps {gaps_ms:?}"
        );
    }

    fn scanner(code: &str) -> KeySource {
        KeySource::Scanner {
            code: code.to_owned(),
        }
    }

    #[test]
    fn a_fast_even_burst_ending_in_enter_is_a_scanner() {
        check("7891717046084\n", &[8; 13], scanner("7891717046084"));
        check("123456\n", &[30; 6], scanner("123456"));
        // One slow USB poll does not hide a burst: the median stays low.
        check(
            "7891717046084\n",
            &[5, 5, 5, 90, 5, 5, 5, 5, 5, 5, 5, 5, 5],
            scanner("7891717046084"),
        );
        // Shift for a capital letter adds no character but is part of the burst.
        check("\tRACAO1\n", &[4; 7], scanner("RACAO1"));
    }

    #[test]
    fn the_median_threshold_is_inclusive_at_30_ms() {
        check("123456\n", &[31; 6], KeySource::Person);
    }

    #[test]
    fn human_typing_is_a_person() {
        check("7891717046084\n", &[120; 13], KeySource::Person);
        // A very fast typist: 70 ms per key.
        check("12345678\n", &[70; 8], KeySource::Person);
    }

    #[test]
    fn a_pause_mid_code_is_a_person_even_if_the_rest_was_fast() {
        check(
            "7891717046084\n",
            &[5, 5, 5, 5, 5, 400, 5, 5, 5, 5, 5, 5, 5],
            KeySource::Person,
        );
        check("123456\n", &[10, 10, 10, 10, 10, 101], KeySource::Person);
    }

    #[test]
    fn short_or_unterminated_bursts_are_a_person() {
        check("12345\n", &[5; 5], KeySource::Person);
        check("7891717046084", &[5; 12], KeySource::Person);
        check("123\n456\n", &[5; 7], KeySource::Person);
        check("\n", &[], KeySource::Person);
        assert_eq!(
            classify_key_burst(&[], &WEDGE_THRESHOLDS),
            KeySource::Person,
            "no keys at all are nobody's scan"
        );
    }
}
