//! /healthz, /readyz and graceful shutdown.

use serde_json::Value;

both_backends! {
    async fn healthz_and_readyz_answer_json(app) {
        let res = app.get("/healthz").await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "ok");

        let res = app.get("/readyz").await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "ready");
        assert_eq!(body["database"], app.db.backend().name());
        app.stop().await;
    }

    async fn readyz_says_when_the_database_is_gone(app) {
        app.db.close().await;
        let res = app.get("/readyz").await;
        assert_eq!(res.status(), 503);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "unavailable");
        // The process itself is still up.
        assert_eq!(app.get("/healthz").await.status(), 200);
    }

    async fn every_response_has_a_request_id(app) {
        let a = app.get("/healthz").await;
        let b = app.get("/healthz").await;
        let id = |r: &reqwest::Response| r.headers().get("x-request-id").expect("x-request-id").to_str().unwrap().to_owned();
        assert_ne!(id(&a), id(&b));
        // A caller's id is kept, so logs can be followed across services.
        let res = app.client.get(app.url("/healthz")).header("x-request-id", "trace-me-42").send().await.unwrap();
        assert_eq!(id(&res), "trace-me-42");
    }

    async fn shutdown_finishes_requests_in_flight(app) {
        // Start a page render, then ask the server to stop while it may still be running.
        let client = app.client.clone();
        let url = app.url("/");
        let in_flight = tokio::spawn(async move { client.get(url).send().await.map(|r| r.status()) });
        tokio::task::yield_now().await;
        let addr = app.addr;
        app.stop().await;
        assert_eq!(in_flight.await.unwrap().unwrap(), 200);
        assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "no new connections after shutdown");
    }
}
