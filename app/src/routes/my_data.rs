//! `/me/data`, "我的数据": what Tongxin holds about her in plain words with real dates; the
//! file with every column is the second option. Like the file, it asks for her password when
//! she has not typed it in the last 15 minutes.

use domain::my_data::MyData;
use domain::signup::SignupStatus;
use domain::Lang;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::me::{my_data, ExportMyData};
use crate::components::error_panel::ErrorPanel;
use crate::components::layout::PageTitle;
use crate::i18n::{date_in_words, use_texts};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(|| (), |_| my_data());
    view! {
        <PageTitle text=format!("{} · {}", t.my_data_heading, t.app_name) />
        <h1 class="page-title">{t.my_data_heading}</h1>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move { data.await.map(|d| view! { <Records d /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Records(d: MyData) -> impl IntoView {
    let t = use_texts();
    let m = &t.my_data;
    let date = move |at: i64| date_in_words(t, at);
    let or_not_given = move |v: Option<String>| v.unwrap_or_else(|| m.not_given.to_owned());
    let p = d.profile;
    let notice = match (d.account.privacy_notice_version, d.account.consented_at) {
        (Some(version), Some(at)) => (m.notice_agreed)(&version, &date(at)),
        _ => m.not_given.to_owned(),
    };
    let language = match p.lang {
        Lang::ZhCn => "中文",
        Lang::En => "English",
    };
    let empty = move |none: bool| none.then(|| view! { <p class="empty">{m.none}</p> });
    view! {
        <p>{m.intro}</p>
        <section aria-labelledby="profile-heading">
            <h2 id="profile-heading">{m.profile_heading}</h2>
            <dl class="record">
                <dt>{m.name}</dt><dd>{p.display_name}</dd>
                <dt>{m.phone}</dt><dd class="phone">{p.phone}</dd>
                <dt>{m.village}</dt><dd>{or_not_given(p.village_name)}</dd>
                <dt>{m.birth_year}</dt><dd>{or_not_given(p.birth_year.map(|y| y.to_string()))}</dd>
                <dt>{m.language}</dt><dd>{language}</dd>
                <dt>{m.role_label}</dt><dd>{(m.role)(d.account.role)}</dd>
                <dt>{m.joined}</dt><dd>{date(d.account.created_at)}</dd>
                <dt>{m.notice}</dt><dd>{notice}</dd>
            </dl>
        </section>

        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{m.sessions_heading}</h2>
            {empty(d.sessions.is_empty())}
            <ul class="records">
                {d.sessions.into_iter().map(|s| view! {
                    <li>{(m.session_line)(&date(s.created_at), &date(s.last_seen_at))}</li>
                }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="signups-heading">
            <h2 id="signups-heading">{m.signups_heading}</h2>
            {empty(d.signups.is_empty())}
            <ul class="records">
                {d.signups.into_iter().map(|s| {
                    let mut said = vec![(m.signed_up_on)(&date(s.created_at))];
                    said.push((t.roster_word)(domain::roster::RosterWord::Status(s.status)).to_owned());
                    if s.companions > 0 {
                        said.push((m.companions)(s.companions));
                    }
                    if let Some(by) = &s.signed_up_by {
                        said.push((m.signed_up_by)(by));
                    }
                    if let Some(at) = s.checked_in_at {
                        said.push((m.checked_in_on)(&date(at)));
                    }
                    if let (SignupStatus::Cancelled, Some(at), Some(reason)) = (s.status, s.removed_at, s.removal_reason) {
                        said.push((m.removed_on)(&date(at), (t.joining.removal_reason)(reason)));
                    }
                    view! { <li><strong>{s.activity}</strong>" · "{said.join(" · ")}</li> }
                }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="consents-heading">
            <h2 id="consents-heading">{m.consents_heading}</h2>
            {empty(d.consents.is_empty())}
            <ul class="records">
                {d.consents.into_iter().map(|c| view! {
                    <li>
                        {(m.consent_line)(&date(c.given_at), (t.category)(c.purpose))}
                        {c.told_to.map(|name| (m.told_to)(&name))}
                    </li>
                }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="others-heading">
            <h2 id="others-heading">{m.others_heading}</h2>
            {empty(d.counts.is_empty())}
            <ul class="records">
                {d.counts.into_iter().map(|(section, n)| view! {
                    <li data-section=section.as_str()>{(m.count)((m.data_section)(section), n)}</li>
                }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="download-heading">
            <h2 id="download-heading">{m.download_heading}</h2>
            <p class="hint">{m.download_hint}</p>
            <p><a class="button secondary" href=ExportMyData::PATH download="tongxin-my-data.json">{m.download_button}</a></p>
        </section>
    }
}
