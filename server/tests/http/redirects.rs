//! Redirect targets (issue 12, point 9): `next`, the language switch and the way back from a
//! failed form stay on this site, whatever is put in them, and never cause a 500.

use crate::support::TestApp;
use backend::seed::DEMO_PASSWORD;

/// Targets that must not be followed, as they arrive after URL decoding.
const HOSTILE: &[&str] = &[
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "\t//evil.example",
    "/\r\n/evil.example",
    "/%2f%2fevil.example",
    "/%2F%2Fevil.example",
    "/%5cevil.example",
    "/%5C%5Cevil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/同心",
    "/me\u{7f}",
    "/\u{200b}/evil.example",
    " /me",
    "",
];

fn query(value: &str) -> String {
    app::url::encode_query_value(value)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

both_backends! {
    async fn the_language_switch_stays_on_this_site(app) {
        let res = app.get("/lang/en?next=/activities/1%3Fx%3D1").await;
        assert_eq!((res.status().as_u16(), location(&res)), (303, "/activities/1?x=1".to_owned()));
        for next in HOSTILE {
            let res = app.get(&format!("/lang/en?next={}", query(next))).await;
            let status = res.status().as_u16();
            assert!(status == 303 || status == 302, "{next:?}: {status}");
            assert_eq!(location(&res), "/", "{next:?}");
        }
        // Raw bytes in the query that are not even UTF-8: still no 500.
        let res = app.get("/lang/en?next=/%FF%FE").await;
        assert!(res.status().is_redirection() || res.status().is_client_error(), "{}", res.status());
    }

    async fn login_next_stays_on_this_site(app) {
        let login = |next: String| {
            let client = TestApp::fresh_client();
            let url = app.url("/api/auth/login");
            async move {
                client.post(url).header("accept", "text/html")
                    .form(&[("phone", "13800000010"), ("password", DEMO_PASSWORD), ("next", next.as_str())])
                    .send().await.unwrap()
            }
        };
        let res = login("/activities/1".to_owned()).await;
        assert_eq!((res.status().as_u16(), location(&res)), (302, "/activities/1".to_owned()));
        for next in HOSTILE {
            let res = login((*next).to_owned()).await;
            assert_eq!((res.status().as_u16(), location(&res)), (302, "/me".to_owned()), "{next:?}");
        }
        // The login page does not carry a hostile next into its form either.
        for next in HOSTILE {
            let page = app.get(&format!("/login?next={}", query(next))).await;
            assert_eq!(page.status(), 200, "{next:?}");
            assert!(!page.text().await.unwrap().contains("name=\"next\""), "{next:?}");
        }
    }

    async fn a_failed_form_never_goes_back_to_another_site(app) {
        let host = app.addr.to_string();
        for referer in [
            format!("http://{host}//evil.example/x"),
            format!("http://{host}/%2f%2fevil.example"),
            format!("http://{host}@evil.example/x"),
            "https://evil.example/register".to_owned(),
        ] {
            let res = app.client.post(app.url("/api/auth/login")).header("accept", "text/html")
                .header("referer", referer.as_str())
                .form(&[("phone", "13999999999"), ("password", "not-the-password")])
                .send().await.unwrap();
            assert_eq!(res.status(), 302, "{referer}");
            assert!(location(&res).starts_with("/?error=wrong_credentials"), "{referer}: {}", location(&res));
        }
        let res = app.client.post(app.url("/api/auth/login")).header("accept", "text/html")
            .header("referer", app.url("/login?next=/me"))
            .form(&[("phone", "13999999998"), ("password", "not-the-password")])
            .send().await.unwrap();
        assert!(location(&res).starts_with("/login?error=wrong_credentials"), "{}", location(&res));
    }
}
