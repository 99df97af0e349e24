//! A page whose rendering stalls is rendered again (`server::middleware::stalled_pages`),
//! shown with a real server whose page stalls on its first render.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use server::middleware::stalled_pages::{stalled_pages, Patience, ATTEMPTS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_page_is_rendered_again_and_one_that_always_stalls_says_so() {
    let renders = Arc::new(AtomicU32::new(0));
    let counted = renders.clone();
    let never = Arc::new(AtomicU32::new(0));
    let counted_never = never.clone();
    let app = Router::new()
        .route(
            "/page",
            get(move || {
                let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    if n == 1 {
                        std::future::pending::<()>().await;
                    }
                    "drawn"
                }
            }),
        )
        .route(
            "/never",
            get(move || {
                counted_never.fetch_add(1, Ordering::SeqCst);
                std::future::pending::<&'static str>()
            }),
        )
        .route(
            "/api/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(600)).await;
                "late"
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            Patience(Duration::from_millis(200)),
            stalled_pages,
        ));
    let running = server::startup::serve("127.0.0.1:0".parse().unwrap(), app)
        .await
        .unwrap();
    let url = |path: &str| format!("http://{}{path}", running.addr);
    let client = reqwest::Client::new();

    let res = client.get(url("/page")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "drawn");
    assert_eq!(
        renders.load(Ordering::SeqCst),
        2,
        "rendered again after the stall"
    );

    let res = client.get(url("/never")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "5");
    assert!(
        res.text().await.unwrap().contains("lang=\"en\""),
        "a page in both languages"
    );
    assert_eq!(never.load(Ordering::SeqCst), ATTEMPTS);

    // Server functions are not pages: they take the time they take.
    let res = client.get(url("/api/slow")).send().await.unwrap();
    assert_eq!(
        (res.status().as_u16(), res.text().await.unwrap()),
        (200, "late".to_owned())
    );
    running.shutdown.notify_one();
}
