//! `<select name="village_id">` with the villages grouped by township.

use leptos::prelude::*;

use crate::api::regions::villages;
use crate::components::form::invalid;
use crate::i18n::use_texts;

#[component]
pub fn VillagePicker(chosen: Option<String>) -> impl IntoView {
    let t = use_texts();
    let places = Resource::new(|| (), |_| villages());
    view! {
        <label for="village_id">{t.village_label}</label>
        <Suspense>
            {move || {
                let chosen = chosen.clone();
                Suspend::new(async move {
                    // On failure the field stays empty and the server's answer explains.
                    let villages = places.await.unwrap_or_default();
                    // Villages arrive ordered by township: group them for the picker.
                    let mut groups: Vec<(String, Vec<domain::region::Village>)> = Vec::new();
                    for v in villages {
                        match groups.last_mut() {
                            Some((township, list)) if *township == v.township => list.push(v),
                            _ => groups.push((v.township.clone(), vec![v])),
                        }
                    }
                    view! {
                        <select id="village_id" name="village_id" required aria-invalid=invalid("village_id")>
                            <option value="">{t.village_choose}</option>
                            {groups.into_iter().map(|(township, list)| {
                                let chosen = chosen.clone();
                                view! {
                                    <optgroup label=township>
                                        {list.into_iter().map(|v| {
                                            let selected = chosen.as_deref() == Some(v.id.to_string().as_str());
                                            view! { <option value=v.id.to_string() selected=selected>{v.name}</option> }
                                        }).collect_view()}
                                    </optgroup>
                                }
                            }).collect_view()}
                        </select>
                    }
                })
            }}
        </Suspense>
    }
}
