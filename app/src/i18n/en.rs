//! English — the second language.

use super::Texts;
use domain::{Category, ErrorKey};

pub static TEXTS: Texts = Texts {
    app_name: "Tongxin",
    tagline: "Women's federation · helping each other",
    skip_to_content: "Skip to content",
    switch_language: "中文",
    nav_activities: "Activities",
    nav_groups: "Groups",
    nav_circles: "Circles",
    nav_me: "Me",
    nav_label: "Main navigation",
    category,
    activities_heading: "Upcoming activities",
    all_categories: "All",
    category_filter_label: "Show by category",
    no_activities: "No activities right now. Please look again in a few days.",
    seats_left: |n| if n == 1 { "1 place left".to_owned() } else { format!("{n} places left") },
    full: "Full — join the waitlist",
    today: "Today",
    tomorrow: "Tomorrow",
    day_after_tomorrow: "In 2 days",
    weekday: |d| ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d as usize % 7],
    month_day: |m, d| {
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        format!("{d} {}", month[(m as usize + 11) % 12])
    },
    groups_heading: "Mutual-aid groups",
    groups_empty: "No groups near you yet. The federation will start groups here: childcare swaps, planting co-ops and more.",
    circles_heading: "Family-education circles",
    circles_empty: "Circles open soon: a place to talk with other mothers about raising children.",
    me_heading: "Me",
    me_intro: "Log in to sign up for activities and see your activities and messages.",
    not_found_title: "Page not found",
    not_found_body: "The link may be wrong, or the page was removed.",
    back_home: "Back to the home page",
    error_title: "Something went wrong",
    error_body: "Please try again later. If it keeps happening, contact your local women's federation.",
    offline_notice: "You are offline. We will try again when the connection is back.",
    error,
};

fn category(c: Category) -> &'static str {
    match c {
        Category::CultureSports => "Culture & sports",
        Category::SkillsTraining => "Skills training",
        Category::Entrepreneurship => "Entrepreneurship",
        Category::HealthScreening => "Health screening",
        Category::LegalAid => "Legal aid",
        Category::FamilyEducation => "Family education",
        Category::Governance => "Community affairs",
        Category::CareVisit => "Care visits",
    }
}

fn error(key: ErrorKey) -> &'static str {
    match key {
        ErrorKey::Internal => "Something went wrong on our side. Please try again later.",
        ErrorKey::Unavailable => "Cannot reach the server. Check your connection and try again.",
        ErrorKey::BadRequest => "Some information is missing. Please check and try again.",
        ErrorKey::NotFound => "This could not be found.",
        ErrorKey::Unauthenticated => "Please log in first.",
        ErrorKey::Forbidden => "You are not allowed to do this.",
        ErrorKey::CrossSite => "This request came from another website and was refused. Please use Tongxin directly.",
        ErrorKey::RateLimited => "Too many attempts. Please try again later.",
        ErrorKey::PhoneInvalid => "Enter an 11-digit mobile number, e.g. 138 1234 5678.",
        ErrorKey::PhoneTaken => "This number is already registered. Please log in.",
        ErrorKey::PasswordTooShort => "The password needs at least 8 characters.",
        ErrorKey::PasswordTooSimple => "The password cannot be one character repeated.",
        ErrorKey::PasswordIsPhone => "The password cannot be your phone number.",
        ErrorKey::WrongCredentials => "Wrong phone number or password.",
        ErrorKey::NameInvalid => "Enter a name of up to 20 characters.",
        ErrorKey::RegionInvalid => "Choose your village or community.",
        ErrorKey::Invalid => "Something you entered is not right. Please check.",
    }
}
