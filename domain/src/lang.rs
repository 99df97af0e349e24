//! The interface languages (Chinese is the default; English the second), and the text size.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The name of the cookie that remembers the choice.
    pub const COOKIE: &'static str = "lang";

    /// The BCP 47 tag used in `<html lang>`, the cookie and the speech synthesiser.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Accepts the tags we emit plus the common spellings browsers send.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") || s.starts_with("zh_") {
            Some(Lang::ZhCn)
        } else if s == "en" || s.starts_with("en-") || s.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The other language, for the switch in the header.
    pub fn other(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }
}

/// The size of the text, for older eyes: normal, or larger (remembered in a cookie, like the
/// language).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
}

impl TextSize {
    /// The name of the cookie that remembers the choice.
    pub const COOKIE: &'static str = "text";

    /// The word in the cookie and the switch's address.
    pub fn as_str(self) -> &'static str {
        match self {
            TextSize::Normal => "normal",
            TextSize::Large => "large",
        }
    }

    pub fn parse(s: &str) -> Option<TextSize> {
        match s.trim() {
            "normal" => Some(TextSize::Normal),
            "large" => Some(TextSize::Large),
            _ => None,
        }
    }

    /// The other size, for the switch in the header.
    pub fn other(self) -> TextSize {
        match self {
            TextSize::Normal => TextSize::Large,
            TextSize::Large => TextSize::Normal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sizes_parse_back() {
        for size in [TextSize::Normal, TextSize::Large] {
            assert_eq!(TextSize::parse(size.as_str()), Some(size));
        }
        assert_eq!(TextSize::parse("huge"), None);
    }

    #[test]
    fn tags_parse_back() {
        for lang in [Lang::ZhCn, Lang::En] {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
        }
    }
}
