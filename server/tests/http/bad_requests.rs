//! A request whose arguments cannot be read answers 4xx with `{"key":"bad_request"}`, never
//! 500; a plain HTML form (no JavaScript) goes back to the page it came from with
//! `?error=bad_request`, like any other form error. Every server function of the
//! authorization matrix is tried with numbers that are not numbers, numbers beyond 64 bits
//! and missing arguments.

use crate::authz::SERVER_FNS;
use crate::support::TestApp;

/// What cannot be read where a whole number is expected.
const NOT_NUMBERS: [&str; 4] = ["abc", "NaN", "18446744073709551616", "1.5"];

/// The page a plain form is posted from, to go back to.
const FORM_PAGE: &str = "/activities/1";

/// The ids the matrix's arguments name (`id`, `activity_id`, …) are whole numbers.
fn is_number(field: &str) -> bool {
    field == "id" || field.ends_with("_id")
}

/// An endpoint's readable arguments: the query of a GET, the form of a POST.
fn arguments(
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
) -> (&'static str, Vec<(&'static str, &'static str)>) {
    match path.split_once('?') {
        Some((path, query)) => (
            path,
            query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .collect(),
        ),
        None => (path, form.to_vec()),
    }
}

/// The unreadable versions of `args`: each number as each thing that is not one, and none of
/// them at all (every argument the matrix gives is one the function needs).
fn spoiled(args: &[(&'static str, &'static str)]) -> Vec<Vec<(&'static str, &'static str)>> {
    let mut out = Vec::new();
    for (i, (name, _)) in args.iter().enumerate() {
        if is_number(name) {
            for bad in NOT_NUMBERS {
                let mut spoilt = args.to_vec();
                spoilt[i].1 = bad;
                out.push(spoilt);
            }
        }
    }
    if !args.is_empty() {
        out.push(Vec::new());
    }
    out
}

both_backends! {
    async fn unreadable_arguments_are_bad_requests(app) {
        let client = TestApp::fresh_client();
        let mut wrong = Vec::new();
        let mut tried = 0;
        for (method, path, form, _) in SERVER_FNS {
            let (path, args) = arguments(path, form);
            for spoilt in spoiled(&args) {
                tried += 1;
                let url = app.url(path);
                let call = match *method {
                    "GET" => client.get(&url).query(&spoilt),
                    _ => client.post(&url).form(&spoilt),
                };
                // As a script calls it (the islands, an API client).
                let res = call.header("accept", "application/json").send().await.unwrap();
                let status = res.status();
                let body: serde_json::Value = res.json().await.unwrap_or_default();
                if !status.is_client_error() || body["key"] != "bad_request" {
                    wrong.push(format!("{method} {path} {spoilt:?}: {status} {body}"));
                }
                // As a plain form posts it, with JavaScript off.
                if *method == "POST" {
                    let res = client
                        .post(&url)
                        .form(&spoilt)
                        .header("accept", "text/html,application/xhtml+xml")
                        .header("referer", app.url(&format!("{FORM_PAGE}?error=old")))
                        .send()
                        .await
                        .unwrap();
                    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                    let expected = format!("{FORM_PAGE}?error=bad_request");
                    if !res.status().is_redirection() || location != expected {
                        wrong.push(format!("form {path} {spoilt:?}: {} to {location:?}, expected {expected}", res.status()));
                    }
                }
            }
        }
        assert!(tried > 60, "only {tried} unreadable requests were tried");
        assert!(wrong.is_empty(), "unreadable arguments must answer bad_request:\n{}", wrong.join("\n"));
    }
}
