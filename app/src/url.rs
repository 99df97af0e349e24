//! Building addresses: query values percent-encoded through the `percent-encoding` crate.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What a query value keeps as it is: letters, digits, the unreserved marks and `/` (so a
/// path handed on in `?next=` stays readable). Everything else is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a value for a query string.
pub fn encode_query_value(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved_characters_and_slashes() {
        assert_eq!(encode_query_value("/a-b_c.d~e"), "/a-b_c.d~e");
        assert_eq!(encode_query_value("a b&c=d?"), "a%20b%26c%3Dd%3F");
        assert_eq!(encode_query_value("同"), "%E5%90%8C");
    }
}
