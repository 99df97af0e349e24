//! Text people wrote (descriptions, posts), shown safely: plain text with line breaks, web
//! links made clickable, nothing else interpreted. Isolated for bidirectional text, so a
//! right-to-left override cannot spill over the page.

use domain::activity::{linkify, TextPiece};
use leptos::prelude::*;

#[component]
pub fn UserText(text: String, #[prop(optional)] class: &'static str) -> impl IntoView {
    let pieces: Vec<AnyView> = linkify(&text)
        .into_iter()
        .map(|piece| match piece {
            TextPiece::Text(s) => s.to_owned().into_any(),
            TextPiece::Link(url) => view! {
                <a href=url.to_owned() rel="nofollow noopener noreferrer ugc">{url.to_owned()}</a>
            }
            .into_any(),
        })
        .collect();
    view! { <div class=format!("post-body {class}") dir="auto">{pieces}</div> }
}
