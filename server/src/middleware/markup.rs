//! Two defects of Leptos 0.8's server rendering, repaired in each page until a release fixes
//! them, so that every page is valid HTML:
//!
//! - the preload links of the script and the wasm carry the CSP nonce as their `crossorigin`
//!   value (leptos-rs/leptos#4843). Browsers read an unknown value as `anonymous`, but the
//!   HTML checker refuses it and Firefox may treat the preload as not matching the script,
//!   fetching twice or stalling hydration. The value becomes the empty (anonymous) one.
//! - the scripts that carry the resolved resources are written after `</html>`. Browsers move
//!   them into the body anyway; they are moved there before `</body>`.
//!
//! Pages arrive here whole (`stalled_pages` reads them whole), so the repair is a pass over a
//! string of a few tens of kilobytes.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use super::is_page;

/// Larger pages are passed on untouched.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub async fn repair_markup(req: Request, next: Next) -> Response {
    if !is_page(&req) {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(b) => b,
        Err(err) => {
            tracing::error!(error = %err, "a page could not be read to repair its markup");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let repaired = std::str::from_utf8(&bytes).ok().and_then(repair);
    match repaired {
        Some(html) => {
            parts.headers.remove(http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(html))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The page with both defects repaired; `None` when there was nothing to repair.
pub fn repair(html: &str) -> Option<String> {
    let mut out = String::with_capacity(html.len());
    let mut changed = false;
    let mut rest = html;
    // Preload links: `crossorigin="<nonce>"` becomes `crossorigin=""`.
    while let Some(start) = rest.find("<link ") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        match fixed_link(tag) {
            Some(fixed) => {
                out.push_str(&fixed);
                changed = true;
            }
            None => out.push_str(tag),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    // Whatever follows `</html>` goes before `</body>`.
    if let Some(end) = out.rfind("</html>") {
        let tail = out[end + "</html>".len()..].to_owned();
        if !tail.trim().is_empty() {
            if let Some(body_end) = out[..end].rfind("</body>") {
                out.truncate(end + "</html>".len());
                out.insert_str(body_end, tail.trim());
                changed = true;
            }
        }
    }
    changed.then_some(out)
}

/// A preload link whose `crossorigin` is neither empty, `anonymous` nor `use-credentials`,
/// with that value emptied.
fn fixed_link(tag: &str) -> Option<String> {
    if !(tag.contains(r#"rel="modulepreload""#) || tag.contains(r#"rel="preload""#)) {
        return None;
    }
    let key = r#"crossorigin=""#;
    let at = tag.find(key)? + key.len();
    let len = tag[at..].find('"')?;
    let value = &tag[at..at + len];
    if matches!(value, "" | "anonymous" | "use-credentials") {
        return None;
    }
    Some(format!("{}{}", &tag[..at], &tag[at + len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = concat!(
        r#"<!DOCTYPE html><html><head><link rel="icon" href="/favicon.svg">"#,
        r#"<link rel="modulepreload" href="/pkg/tongxin.js" crossorigin="q1Pnah3HYrMy9wUUzyiKYg">"#,
        r#"<link rel="preload" href="/pkg/tongxin_bg.wasm" as="fetch" type="application/wasm" crossorigin="q1Pnah3HYrMy9wUUzyiKYg">"#,
        r#"</head><body><main>页</main></body></html>"#,
        r#"<script nonce="n">__RESOLVED_RESOURCES=[];</script><script nonce="n">__INCOMPLETE_CHUNKS=[];</script>"#,
    );

    #[test]
    fn the_nonce_leaves_the_preload_links() {
        let page = repair(PAGE).unwrap();
        assert!(!page.contains(r#"crossorigin="q1"#), "{page}");
        assert!(
            page.contains(r#"<link rel="modulepreload" href="/pkg/tongxin.js" crossorigin="">"#),
            "{page}"
        );
        assert!(
            page.contains(r#"type="application/wasm" crossorigin="">"#),
            "{page}"
        );
        assert!(page.contains(r#"<link rel="icon" href="/favicon.svg">"#));
    }

    #[test]
    fn scripts_after_the_document_move_into_the_body() {
        let page = repair(PAGE).unwrap();
        assert!(page.ends_with("</body></html>"), "{page}");
        assert!(page.contains(r#"<main>页</main><script nonce="n">__RESOLVED_RESOURCES=[];</script><script nonce="n">__INCOMPLETE_CHUNKS=[];</script></body>"#), "{page}");
    }

    #[test]
    fn a_sound_page_is_left_alone() {
        let sound = r#"<!DOCTYPE html><html><head><link rel="preload" href="/a" crossorigin=""></head><body></body></html>"#;
        assert_eq!(repair(sound), None);
        assert_eq!(repair("not html at all"), None);
    }
}
