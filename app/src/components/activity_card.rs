//! One activity in the list: icon, title, when in words, where, who may join, places left.

use domain::activity::{ActivityCard as Card, JoinRules};
use leptos::prelude::*;

use crate::i18n::{use_texts, when_in_words, Texts};

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
    let rules = card_rules(t, &card.rules);
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
                {rules.map(|r| view! { <p class="card-rules">{r}</p> })}
                <p class="card-seats" class:full=left == 0>{seats}</p>
            </div>
        </li>
    }
}

/// Who may join, in a few words ("18到45岁 · 住在清河镇的妇女 · 需妇联确认"); nothing when
/// anyone may.
fn card_rules(t: &Texts, rules: &JoinRules) -> Option<String> {
    let mut parts = Vec::new();
    if rules.min_age.is_some() || rules.max_age.is_some() {
        parts.push((t.joining.ages)(rules.min_age, rules.max_age));
    }
    if rules.area_only {
        parts.push((t.joining.lives_in)(&rules.area_name));
    }
    if rules.requires_approval {
        parts.push(t.joining.needs_approval_short.to_owned());
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// `2026-11-30T06:00:00Z`, for `<time datetime>`.
fn iso_utc(secs: i64) -> String {
    let t = domain::time::LocalDateTime::from_utc_secs(secs - domain::time::CHINA_OFFSET_SECS);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:00Z",
        t.year, t.month, t.day, t.hour, t.minute
    )
}
