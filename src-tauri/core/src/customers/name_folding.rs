//! Customer names folded for search: lower case, Portuguese (and other Latin) accents
//! taken off, spaces collapsed, so "jose" finds "José" and "CONCEICAO" finds "Conceição".
//! Folding is done here rather than in SQL, whose `lower` and `LIKE` know only ASCII.

/// `name` folded for prefix search.
pub(crate) fn folded_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(
            word.chars()
                .flat_map(char::to_lowercase)
                .map(without_accent),
        );
    }
    folded
}

fn without_accent(character: char) -> char {
    match character {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::folded_name;

    #[test]
    fn names_fold_to_lower_case_without_accents_or_extra_spaces() {
        for (name, folded) in [
            ("José", "jose"),
            ("  MARIA   da Conceição ", "maria da conceicao"),
            ("Ângela Müller", "angela muller"),
            ("João_Paulo 2º", "joao_paulo 2º"),
            ("", ""),
        ] {
            assert_eq!(folded_name(name), folded, "{name:?}");
        }
    }
}
