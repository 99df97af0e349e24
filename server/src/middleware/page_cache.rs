//! A few seconds' copy of the public pages as visitors who are not logged in see them.
//!
//! Most views of the activity list come from people who are not logged in (a link shared in
//! a WeChat group), and they all see the same page. Rendering it costs about a millisecond
//! of CPU; handing out a copy costs a few microseconds, so a county-wide burst of visitors
//! does not queue behind the renderer.
//!
//! - The copies are kept in a `moka` cache: at most 256, none longer than `2 × ttl`.
//! - Only GET requests without a session cookie for [`is_public_page`] addresses, and only
//!   200 HTML answers that set no cookie, are kept; a copy is keyed by host, address, language and text size.
//! - A copy is fresh for `ttl` (`TONGXIN_PAGE_CACHE_SECS`, default 3 s; 0 turns the cache
//!   off). For another `ttl` after that, one request renders the page again while the others
//!   still get the copy, so an expiring page does not make fifty requests render at once.
//! - Any write this node handles (a request that is not GET, HEAD or OPTIONS) drops every copy, so a
//!   node's own changes show at once; changes made through other nodes show within `2 × ttl`.
//! - The page is rendered with a placeholder CSP nonce, and every copy handed out gets its
//!   request's own fresh nonce in its place: a nonce is never sent twice.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::ssr::{cookies, CspNonce};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{Lang, TextSize};
use http::{header, HeaderMap, Method, StatusCode};
use moka::sync::Cache;

/// How many different pages (address × language) are kept at most.
const MAX_PAGES: usize = 256;
/// Longer addresses (long search words) are rendered every time.
const MAX_URI_BYTES: usize = 300;
/// A rendered page larger than this is an error, not a page (the list is about 25 KB).
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// The pages anyone may see that are the same for every visitor who is not logged in: the
/// activity list and an activity's page.
pub fn is_public_page(path: &str) -> bool {
    path == "/"
        || path
            .strip_prefix("/activities/")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

#[derive(Clone)]
pub struct PageCache {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    ttl: Duration,
    /// Stands in for the nonce while a page is rendered for the cache; random per process,
    /// the same length and alphabet as a real nonce.
    placeholder: String,
    /// At most [`MAX_PAGES`] copies (moka evicts the least useful), none older than `2 × ttl`.
    pages: Cache<Key, Entry>,
    /// How many writes this node has handled: a page whose rendering began before the
    /// latest write may show the world before it, so it is not kept.
    writes: AtomicU64,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    /// The scheme and `Host` asked for: a page names them (its share card's addresses), so a
    /// copy made for one host is never handed to a request for another.
    origin: String,
    lang: Lang,
    text_size: TextSize,
    path_and_query: String,
}

#[derive(Clone)]
struct Entry {
    stored: Instant,
    /// Set while one request renders a newer copy of an expired page.
    refreshing_since: Arc<Mutex<Option<Instant>>>,
    page: Arc<Page>,
}

struct Page {
    headers: HeaderMap,
    /// The HTML with the placeholder where the nonce goes.
    html: String,
}

/// What the cache says about a request's page.
enum Lookup {
    /// Serve this copy.
    Copy(Arc<Page>),
    /// Render the page and keep the result.
    Render,
}

impl PageCache {
    /// A cache keeping pages for `ttl`; a zero `ttl` keeps nothing.
    pub fn new(ttl: Duration) -> PageCache {
        let inner = (!ttl.is_zero()).then(|| {
            Arc::new(Inner {
                ttl,
                placeholder: super::security_headers::new_nonce(),
                pages: Cache::builder()
                    .max_capacity(MAX_PAGES as u64)
                    .time_to_live(2 * ttl)
                    .build(),
                writes: AtomicU64::new(0),
            })
        });
        PageCache { inner }
    }
}

impl Entry {
    fn refreshing_since(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        // A panic while holding the lock leaves only a time behind: keep using it.
        self.refreshing_since
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    fn lookup(&self, key: &Key, now: Instant) -> Lookup {
        let Some(entry) = self.pages.get(key) else {
            return Lookup::Render;
        };
        let age = now.saturating_duration_since(entry.stored);
        if age < self.ttl {
            return Lookup::Copy(entry.page.clone());
        }
        if age < 2 * self.ttl {
            // Someone is already rendering it (and has not given up): hand out the copy.
            let mut refreshing_since = entry.refreshing_since();
            let busy = refreshing_since
                .is_some_and(|since| now.saturating_duration_since(since) < self.ttl);
            if busy {
                return Lookup::Copy(entry.page.clone());
            }
            *refreshing_since = Some(now);
            return Lookup::Render;
        }
        self.pages.invalidate(key);
        Lookup::Render
    }

    /// Drops every copy, and any page being rendered, after a write on this node.
    fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::SeqCst);
        self.pages.invalidate_all();
    }

    /// Keeps `page`, rendered from `writes_before` on, unless a write came in the meantime.
    fn store(&self, key: Key, page: Arc<Page>, now: Instant, writes_before: u64) {
        let entry = Entry {
            stored: now,
            refreshing_since: Arc::default(),
            page,
        };
        self.pages.insert(key.clone(), entry);
        // Checked after the insert: a write counted before it drops the copy here, one counted
        // after it drops every copy (this one too) in `wrote`.
        if self.writes.load(Ordering::SeqCst) != writes_before {
            self.pages.invalidate(&key);
        }
    }

    /// Gives up a refresh that did not produce a page to keep (an error page, say), so the
    /// next request tries again.
    fn refresh_failed(&self, key: &Key) {
        if let Some(entry) = self.pages.get(key) {
            *entry.refreshing_since() = None;
        }
    }
}

pub async fn page_cache(State(cache): State<PageCache>, mut req: Request, next: Next) -> Response {
    let Some(inner) = cache.inner.clone() else {
        return next.run(req).await;
    };
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let res = next.run(req).await;
        inner.wrote();
        return res;
    }
    let Some(key) = cache_key(&req) else {
        return next.run(req).await;
    };
    let Some(nonce) = req.extensions().get::<CspNonce>().map(|n| n.0.clone()) else {
        return next.run(req).await;
    };
    let now = Instant::now();
    if let Lookup::Copy(page) = inner.lookup(&key, now) {
        return page.answer(&inner.placeholder, &nonce);
    }

    let writes_before = inner.writes.load(Ordering::SeqCst);
    req.extensions_mut()
        .insert(CspNonce(inner.placeholder.clone()));
    let res = next.run(req).await;
    let keep = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    let (mut parts, body) = res.into_parts();
    let html = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => String::from_utf8(bytes.to_vec()).ok(),
        Err(err) => {
            tracing::error!(%err, "a page could not be read for the page cache");
            None
        }
    };
    let Some(html) = html else {
        inner.refresh_failed(&key);
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if !keep {
        inner.refresh_failed(&key);
        let body = Body::from(html.replace(&inner.placeholder, &nonce));
        return Response::from_parts(parts, body);
    }
    let page = Arc::new(Page {
        headers: parts.headers,
        html,
    });
    inner.store(key, page.clone(), now, writes_before);
    page.answer(&inner.placeholder, &nonce)
}

impl Page {
    fn answer(&self, placeholder: &str, nonce: &str) -> Response {
        let mut res = Response::new(Body::from(Bytes::from(
            self.html.replace(placeholder, nonce),
        )));
        *res.headers_mut() = self.headers.clone();
        res
    }
}

/// The key of a request whose page may come from the cache, or None.
fn cache_key(req: &Request) -> Option<Key> {
    // Not HEAD: its answer has no body to keep.
    if req.method() != Method::GET || !is_public_page(req.uri().path()) {
        return None;
    }
    let jar = cookies::jar(req.headers());
    // Her own session, or a form's flash for this page (what she typed, a code shown once).
    if cookies::session_token(&jar).is_some() || jar.get(app::ssr::forms::FLASH_COOKIE).is_some() {
        return None;
    }
    let path_and_query = req.uri().path_and_query()?.as_str();
    if path_and_query.len() > MAX_URI_BYTES {
        return None;
    }
    Some(Key {
        origin: app::ssr::request::origin_of(req.uri(), req.headers()),
        lang: cookies::lang(&jar),
        text_size: cookies::text_size(&jar),
        path_and_query: path_and_query.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Arc<Page> {
        Arc::new(Page {
            headers: HeaderMap::new(),
            html: text.to_owned(),
        })
    }

    fn cache_of_3s() -> (Arc<Inner>, Instant) {
        let cache = PageCache::new(Duration::from_secs(3));
        (
            cache.inner.expect("a 3 s cache keeps pages"),
            Instant::now(),
        )
    }

    fn key(q: &str) -> Key {
        Key {
            origin: "http://localhost".to_owned(),
            lang: Lang::ZhCn,
            text_size: TextSize::Normal,
            path_and_query: q.to_owned(),
        }
    }

    #[test]
    fn public_pages_are_the_list_and_activity_pages() {
        assert!(is_public_page("/"));
        assert!(is_public_page("/activities/12"));
        for other in [
            "/me",
            "/activities/",
            "/activities/12/x",
            "/activities/x",
            "/circles/1",
        ] {
            assert!(!is_public_page(other), "{other}");
        }
    }

    #[test]
    fn a_copy_is_fresh_then_refreshed_by_one_request_then_gone() {
        let (inner, t0) = cache_of_3s();
        assert!(matches!(inner.lookup(&key("/"), t0), Lookup::Render));
        inner.store(key("/"), page("a"), t0, 0);
        let at = |secs: u64| t0 + Duration::from_secs(secs);
        assert!(matches!(inner.lookup(&key("/"), at(2)), Lookup::Copy(_)));
        assert!(matches!(inner.lookup(&key("/?q=x"), at(2)), Lookup::Render));
        // Expired: the first request renders, the others keep getting the copy.
        assert!(matches!(inner.lookup(&key("/"), at(4)), Lookup::Render));
        assert!(matches!(inner.lookup(&key("/"), at(4)), Lookup::Copy(_)));
        // A refresh that failed lets the next request try.
        inner.refresh_failed(&key("/"));
        assert!(matches!(inner.lookup(&key("/"), at(5)), Lookup::Render));
        // Too old to hand out at all.
        assert!(matches!(inner.lookup(&key("/"), at(7)), Lookup::Render));
        assert!(inner.pages.get(&key("/")).is_none());
    }

    #[test]
    fn the_number_of_pages_kept_is_bounded() {
        let (inner, t0) = cache_of_3s();
        for i in 0..MAX_PAGES + 10 {
            inner.store(key(&format!("/?q={i}")), page("x"), t0, 0);
        }
        inner.pages.run_pending_tasks();
        assert!(inner.pages.entry_count() <= MAX_PAGES as u64);
        inner.wrote();
        inner.pages.run_pending_tasks();
        assert_eq!(inner.pages.entry_count(), 0);
    }

    #[test]
    fn a_page_rendered_across_a_write_is_not_kept() {
        let (inner, t0) = cache_of_3s();
        let before = inner.writes.load(Ordering::SeqCst);
        inner.wrote();
        inner.store(key("/"), page("old"), t0, before);
        assert!(matches!(inner.lookup(&key("/"), t0), Lookup::Render));
        inner.store(
            key("/"),
            page("new"),
            t0,
            inner.writes.load(Ordering::SeqCst),
        );
        assert!(matches!(inner.lookup(&key("/"), t0), Lookup::Copy(_)));
    }

    #[test]
    fn each_answer_carries_its_own_nonce() {
        let p = page("<script nonce=\"PH\"></script><script nonce=\"PH\"></script>");
        let res = p.answer("PH", "n1");
        assert_eq!(res.status(), StatusCode::OK);
        let text = futures_text(res);
        assert_eq!(
            text,
            "<script nonce=\"n1\"></script><script nonce=\"n1\"></script>"
        );
    }

    fn futures_text(res: Response) -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let bytes = rt
            .block_on(axum::body::to_bytes(res.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn a_zero_ttl_keeps_nothing() {
        assert!(PageCache::new(Duration::ZERO).inner.is_none());
    }
}
