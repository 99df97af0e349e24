//! One activity in the list: icon, title, when in words, where, places left.

use domain::activity::ActivityCard as Card;
use leptos::prelude::*;

use crate::i18n::{use_texts, when_in_words};

#[component]
pub fn ActivityCard(card: Card, now: i64) -> impl IntoView {
    let t = use_texts();
    let left = card.seats_left();
    let seats = if left > 0 {
        (t.seats_left)(left)
    } else {
        t.full.to_owned()
    };
    let category = card.category;
    view! {
        <li class="card" data-category=category.slug()>
            <span class="card-icon" aria-hidden="true">{category.icon()}</span>
            <div class="card-body">
                <h2 class="card-title"><a href=format!("/activities/{}", card.id)>{card.title}</a></h2>
                <p class="card-category">{(t.category)(category)}</p>
                <p class="card-when">
                    <time datetime=iso_utc(card.starts_at)>{when_in_words(t, card.starts_at, now)}</time>
                </p>
                <p class="card-where">{card.venue}" · "{card.place_name}</p>
                <p class="card-seats" class:full=left == 0>{seats}</p>
            </div>
        </li>
    }
}

/// `2026-11-30T06:00:00Z`, for `<time datetime>`.
fn iso_utc(secs: i64) -> String {
    let t = domain::time::LocalDateTime::from_utc_secs(secs - domain::time::CHINA_OFFSET_SECS);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:00Z",
        t.year, t.month, t.day, t.hour, t.minute
    )
}
