//! Text people type, made safe to show to others.

/// True for a character that shows nothing but can change how text reads: zero-width
/// characters and marks (U+200B–U+200F), bidirectional embeddings and overrides
/// (U+202A–U+202E), isolates (U+2066–U+2069) and the byte-order mark (U+FEFF). They let a
/// name look like another, or a sentence read backwards.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `s` without [`is_invisible`] characters: used wherever names, titles and posts are accepted.
pub fn strip_invisible(s: &str) -> String {
    s.chars().filter(|c| !is_invisible(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_removed() {
        let hostile = "\u{FEFF}秀\u{200B}英\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}";
        assert_eq!(strip_invisible(hostile), "秀英");
        assert_eq!(
            strip_invisible("a\u{2060}b"),
            "a\u{2060}b",
            "only the listed ones"
        );
        assert_eq!(strip_invisible("同心 ok"), "同心 ok");
    }
}
