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
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        // A request whose body is still arriving when shutdown begins must still be answered.
        let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        let head = format!(
            "POST /api/auth/logout HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4\r\nConnection: close\r\n\r\nab",
            app.addr
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let addr = app.addr;
        let stopping = tokio::spawn(app.stop());
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        stream.write_all(b"cd").await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        tokio::time::timeout(std::time::Duration::from_secs(10), stopping).await.expect("shutdown completes").unwrap();
        assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "no new connections after shutdown");
    }
}
