//! The Tongxin web application: the HTML shell, the routes, pages, components, islands and
//! server functions. Pages render on the server and work without JavaScript; islands add
//! the interactive parts in the browser.

pub mod api;
pub mod components;
pub mod i18n;
pub mod islands;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod url;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::{BottomNav, Header};
use crate::components::offline::RegisterServiceWorker;
use crate::i18n::{use_lang, use_texts};
use crate::routes::activities::ActivityListPage;
use crate::routes::activity::{ActivityPage, CancelSignupPage};
use crate::routes::admin::{AdminPage, OutboxPage};
use crate::routes::auth::{ForgotPage, LoginPage, PrivacyPage, ReauthPage, RegisterPage};
use crate::routes::circles::{CirclePage, CirclesPage, ThreadPage};
use crate::routes::groups::{GroupPage, GroupsPage, LeaveGroupPage};
use crate::routes::help::{HelpCasePage, HelpQueuePage, MyHelpPage, NewHelpPage};
use crate::routes::helping::{ClaimPage, HelperWomenPage};
use crate::routes::ledger::{
    EditLedgerRecordPage, LedgerFiguresPage, LedgerPage, LedgerRecordPage, MyLedgerPage,
    NewLedgerRecordPage,
};
use crate::routes::me::{DeleteAccountPage, MePage};
use crate::routes::moderation::ModerationPage;
use crate::routes::my_activities::MyActivitiesPage;
use crate::routes::my_data::MyDataPage;
use crate::routes::not_found::NotFoundPage;
use crate::routes::notifications::NotificationsPage;
use crate::routes::organizer::OrganizerPage;
use crate::routes::organizer_activities::{EditActivityPage, NewActivityPage, RosterPage};

/// The HTML document around every page. Runs once per request on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    ssr::provide_request_context();
    let lang = use_lang();
    let large = use_context::<domain::TextSize>() == Some(domain::TextSize::Large);
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag() class=large.then_some("large-text")>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#a3231f" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Installable: name, icons and colours (public/manifest.webmanifest).
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
                <RegisterServiceWorker />
            </body>
        </html>
    }
}

/// The application: header, the page for the current route, bottom navigation.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let t = use_texts();
    view! {
        <Title text=t.app_name />
        <Router>
            <a class="skip-link" href="#main">{t.skip_to_content}</a>
            <Header />
            <main id="main" class="page">
                // Async: every page is rendered whole before it is sent, so it reads
                // correctly without JavaScript (no streamed placeholders to swap in).
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=ActivityListPage ssr=SsrMode::Async />
                    <Route path=path!("/activities/:id") view=ActivityPage ssr=SsrMode::Async />
                    <Route path=path!("/activities/:id/cancel") view=CancelSignupPage ssr=SsrMode::Async />
                    <Route path=path!("/groups") view=GroupsPage ssr=SsrMode::Async />
                    <Route path=path!("/groups/:id") view=GroupPage ssr=SsrMode::Async />
                    <Route path=path!("/groups/:id/leave") view=LeaveGroupPage ssr=SsrMode::Async />
                    <Route path=path!("/circles") view=CirclesPage ssr=SsrMode::Async />
                    <Route path=path!("/circles/:id") view=CirclePage ssr=SsrMode::Async />
                    <Route path=path!("/threads/:id") view=ThreadPage ssr=SsrMode::Async />
                    <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async />
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async />
                    <Route path=path!("/me/delete") view=DeleteAccountPage ssr=SsrMode::Async />
                    <Route path=path!("/me/data") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("/me/help") view=MyHelpPage ssr=SsrMode::Async />
                    <Route path=path!("/help/new") view=NewHelpPage ssr=SsrMode::Async />
                    <Route path=path!("/help/queue") view=HelpQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/help/:id") view=HelpCasePage ssr=SsrMode::Async />
                    <Route path=path!("/helper/women") view=HelperWomenPage ssr=SsrMode::Async />
                    <Route path=path!("/ledger") view=LedgerPage ssr=SsrMode::Async />
                    <Route path=path!("/ledger/new") view=NewLedgerRecordPage ssr=SsrMode::Async />
                    <Route path=path!("/ledger/figures") view=LedgerFiguresPage ssr=SsrMode::Async />
                    <Route path=path!("/ledger/:id") view=LedgerRecordPage ssr=SsrMode::Async />
                    <Route path=path!("/ledger/:id/edit") view=EditLedgerRecordPage ssr=SsrMode::Async />
                    <Route path=path!("/me/ledger") view=MyLedgerPage ssr=SsrMode::Async />
                    <Route path=path!("/claim") view=ClaimPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot") view=ForgotPage ssr=SsrMode::Async />
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/reauth") view=ReauthPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/outbox") view=OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/organizer") view=OrganizerPage ssr=SsrMode::Async />
                    <Route path=path!("/organizer/activities/new") view=NewActivityPage ssr=SsrMode::Async />
                    <Route path=path!("/organizer/activities/:id") view=RosterPage ssr=SsrMode::Async />
                    <Route path=path!("/organizer/activities/:id/edit") view=EditActivityPage ssr=SsrMode::Async />
                    <Route path=path!("/me/activities") view=MyActivitiesPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <BottomNav />
        </Router>
    }
}

/// The server's clock (UTC seconds) while rendering; dates in words ("明天 14:00") are relative
/// to it. Pages render on the server, so the browser never needs its own reading.
pub fn server_now() -> i64 {
    #[cfg(feature = "ssr")]
    {
        backend::now()
    }
    #[cfg(not(feature = "ssr"))]
    {
        0
    }
}
