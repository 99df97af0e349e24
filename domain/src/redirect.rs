//! Where a redirect may go: only to a path on this site.
//!
//! A redirect target comes from the outside (`?next=`, the language switch, a Referer), so it
//! is checked as a URL resolved against the site's own origin, after a strict check of its
//! characters: a tab or newline (which browsers drop, turning `/\t/host` into `//host`), a
//! backslash (which browsers read as a slash), an encoded slash or backslash in the path, a
//! space or any non-ASCII character (which would also make the `Location` header unwritable
//! and the answer a 500) all make it unfit, and the caller falls back to its default page.

use url::{Position, Url};

/// The origin targets are resolved against; only whether it stays this origin matters.
const PROBE_ORIGIN: &str = "http://tongxin.invalid/";

/// True for a path on this site that is safe to redirect to.
pub fn is_local_path(p: &str) -> bool {
    if !p.starts_with('/') || p.starts_with("//") {
        return false;
    }
    // Printable ASCII only: no controls, tabs, spaces, DEL or non-ASCII; and no backslash.
    if !p.bytes().all(|b| b.is_ascii_graphic()) || p.contains('\\') {
        return false;
    }
    let path = p.split(['?', '#']).next().unwrap_or_default();
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return false;
    }
    let Ok(base) = Url::parse(PROBE_ORIGIN) else {
        return false;
    };
    match base.join(p) {
        Ok(url) => url.origin() == base.origin() && url.path().starts_with('/'),
        Err(_) => false,
    }
}

/// The path and query of `url` (a Referer) when it is an address of this site, whose `Host`
/// is `host`, and a safe redirect target; None otherwise.
pub fn same_site_path(url: &str, host: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let authority = &url[Position::BeforeHost..Position::AfterPort];
    if !authority.eq_ignore_ascii_case(host) || !url.username().is_empty() {
        return None;
    }
    let path = url[Position::BeforePath..Position::AfterQuery].to_owned();
    is_local_path(&path).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_stay_local() {
        for p in [
            "/",
            "/me?x=1",
            "/?category=legal_aid",
            "/activities/12",
            "/search?q=a%2Fb",
            "/%E5%90%8C",
            "/reauth?next=/moderation",
        ] {
            assert!(is_local_path(p), "{p}");
        }
    }

    #[test]
    fn hostile_targets_are_refused() {
        for p in [
            "",
            "me",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "\t//evil.example",
            " /me",
            "/me page",
            "/a\r\nSet-Cookie: x",
            "/%2fevil.example",
            "/%2F%2Fevil.example",
            "/%5cevil.example",
            "/%5C%5Cevil.example",
            "/x/%2f/y",
            "/同心",
            "/me\u{7f}",
            "/\u{200b}/evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\\/evil.example",
        ] {
            assert!(!is_local_path(p), "{p:?}");
        }
    }

    #[test]
    fn a_referer_counts_only_on_this_site() {
        let host = "tongxin.example";
        assert_eq!(
            same_site_path("http://tongxin.example/register?error=x", host).as_deref(),
            Some("/register?error=x")
        );
        assert_eq!(
            same_site_path("https://TONGXIN.example/同", host).as_deref(),
            Some("/%E5%90%8C"),
            "a non-ASCII path arrives encoded"
        );
        assert_eq!(
            same_site_path("http://127.0.0.1:3000/me", "127.0.0.1:3000").as_deref(),
            Some("/me")
        );
        for bad in [
            "http://evil.example/me",
            "http://tongxin.example.evil.example/me",
            "http://tongxin.example@evil.example/me",
            "http://evil.example@tongxin.example/me",
            "javascript://tongxin.example/%0aalert(1)",
            "tongxin.example/me",
            "http://127.0.0.1:3000/me",
            "not a url",
        ] {
            assert_eq!(same_site_path(bad, host), None, "{bad}");
        }
    }
}
