//! `spawn_app()`: the real router on 127.0.0.1:0 with a fresh database.

use std::net::SocketAddr;

use backend::testing::TestDb;
use backend::{Backend, Config, Db};

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    /// Follows no redirects and keeps cookies, like a browser with a memory but no patience.
    pub client: reqwest::Client,
    running: server::startup::Running,
    _test_db: TestDb,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// A new client logged in with the demo password as `phone`.
    pub async fn login(&self, phone: &str) -> reqwest::Client {
        let client = TestApp::fresh_client();
        let res = client
            .post(self.url("/api/auth/login"))
            .form(&[("phone", phone), ("password", backend::seed::DEMO_PASSWORD)])
            .send()
            .await
            .expect("request sent");
        assert_eq!(res.status(), 200, "{phone} logs in");
        client
    }

    /// Posts a form as `client`: the status and the JSON answer (null when not JSON).
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let res = client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// GETs `path` as `client`: the status and the JSON answer (null when not JSON).
    pub async fn get_json(&self, client: &reqwest::Client, path: &str) -> (u16, serde_json::Value) {
        let res = client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// A new client without this one's cookies.
    pub fn fresh_client() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .expect("client")
    }

    /// Stops the server, letting requests in flight finish.
    pub async fn stop(self) {
        self.running.shutdown.notify_one();
        let _ = self.running.handle.await;
    }
}

/// Starts Tongxin on a fresh database of `backend`, with the demo data in it. `None` when
/// PostgreSQL is unreachable outside CI (the skip is announced by `TestDb`).
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| None).await
}

/// Like [`spawn_app`], with configuration overrides (`lookup` answers env variable names).
pub async fn spawn_app_with(
    backend: Backend,
    lookup: impl Fn(&str) -> Option<String>,
) -> Option<TestApp> {
    // Logs go to the test's captured output (shown when it fails); RUST_LOG picks the level.
    server::telemetry::init(backend::config::LogFormat::Pretty);
    let test_db = TestDb::new(backend).await?;
    backend::seed::seed_demo(&test_db.db)
        .await
        .expect("demo data");
    let url = test_db.url.clone();
    let config = Config::from_lookup(|key| {
        lookup(key).or_else(|| (key == "DATABASE_URL").then(|| url.clone()))
    })
    .expect("config");
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let options = server::startup::leptos_options(addr);
    let router = server::startup::router(config, test_db.db.clone(), options);
    let running = server::startup::serve(addr, router)
        .await
        .expect("server starts");
    Some(TestApp {
        addr: running.addr,
        db: test_db.db.clone(),
        client: TestApp::fresh_client(),
        running,
        _test_db: test_db,
    })
}

/// Writes each test once per backend: `mod name { fn sqlite(); fn postgres(); }`.
macro_rules! both_backends {
    ($(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: $crate::support::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::spawn_app(backend::Backend::Sqlite).await.expect("sqlite always runs");
                run(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::support::spawn_app(backend::Backend::Postgres).await {
                    run(app).await;
                }
            }
        }
    )*};
}
