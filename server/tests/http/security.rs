//! HTTP hygiene: security headers, compression, body limits, cross-site refusal.

both_backends! {
    async fn pages_carry_security_headers_and_a_nonce(app) {
        let res = app.get("/").await;
        let h = res.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce").to_owned();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        let html = res.text().await.unwrap();
        // Every inline script carries this response's nonce.
        let scripts = html.matches("<script").count();
        let with_nonce = html.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(scripts > 0 && with_nonce >= scripts, "{scripts} scripts, {with_nonce} with the nonce");
        let other = app.get("/").await;
        assert_ne!(other.headers()["content-security-policy"], h["content-security-policy"], "a fresh nonce per response");
    }

    async fn responses_are_compressed(app) {
        for encoding in ["br", "gzip"] {
            let res = app.client.get(app.url("/")).header("accept-encoding", encoding).send().await.unwrap();
            assert_eq!(res.headers()["content-encoding"], encoding);
        }
    }

    async fn cross_site_posts_are_refused(app) {
        let url = app.url("/api/activities/list");
        let refused = app.client.post(&url).header("sec-fetch-site", "cross-site").send().await.unwrap();
        assert_eq!(refused.status(), 403);
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(body["key"], "cross_site");
        assert!(body["message"].as_str().unwrap().contains("其他网站"));
        let refused = app.client.post(&url).header("origin", "https://evil.example").send().await.unwrap();
        assert_eq!(refused.status(), 403);
        // Same-origin and non-browser clients are not refused by the CSRF check.
        let same = app.client.post(&url).header("origin", format!("http://{}", app.addr)).send().await.unwrap();
        assert_ne!(same.status(), 403);
        let plain = app.client.post(&url).send().await.unwrap();
        assert_ne!(plain.status(), 403);
        // Reading is never refused.
        let get = app.client.get(app.url("/")).header("sec-fetch-site", "cross-site").send().await.unwrap();
        assert_eq!(get.status(), 200);
    }

    async fn oversized_bodies_are_refused(app) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        // Announce a 2 MiB body: the server refuses before reading it (a client that keeps
        // writing would see the connection closed under it, so speak HTTP by hand).
        let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        let head = format!(
            "POST /api/auth/login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            app.addr,
            2 * 1024 * 1024
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response).await;
        let response = String::from_utf8_lossy(&response);
        assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    }
}
