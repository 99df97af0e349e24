//! All interface text, one file per language (`zh_cn.rs`, `en.rs`).
//!
//! Each language is a [`Texts`] value; a missing message is a compile error, not a blank on
//! a woman's phone. Components get the texts of the request's language with [`use_texts`].

mod en;
pub mod ledger;
mod zh_cn;

use domain::account::Role;
use domain::activity::ActivityStatus;
use domain::circle::ReportReason;
use domain::group::{GroupNeed, MembershipStatus};
use domain::help::{Department, HelpActor, HelpContact, HelpKind, HelpState, Urgency};
use domain::helped::Relation;
use domain::moderation::ModAction;
use domain::my_data::DataSection;
use domain::notification::NotificationKind;
use domain::roster::{ManagedState, RemovalReason, RosterWord};
use domain::signup::SignupStatus;
use domain::{Category, ErrorKey, Lang};
use leptos::prelude::*;

/// Every message of the interface. Plain strings where the text is fixed; functions where a
/// number or name is woven in (word order differs between the languages).
pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    /// The label of the link that switches to the *other* language, in that language.
    pub switch_language: &'static str,
    pub nav_activities: &'static str,
    pub nav_groups: &'static str,
    pub nav_circles: &'static str,
    pub nav_me: &'static str,
    pub nav_label: &'static str,
    pub category: fn(Category) -> &'static str,
    pub activities_heading: &'static str,
    pub all_categories: &'static str,
    pub category_filter_label: &'static str,
    pub no_activities: &'static str,
    pub seats_left: fn(i64) -> String,
    pub full: &'static str,
    pub today: &'static str,
    pub tomorrow: &'static str,
    pub day_after_tomorrow: &'static str,
    pub weekday: fn(u32) -> &'static str,
    pub month_day: fn(u32, u32) -> String,
    pub groups_heading: &'static str,
    pub groups_empty: &'static str,
    pub circles_heading: &'static str,
    pub circles_empty: &'static str,
    pub me_heading: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub offline_notice: &'static str,
    pub error: fn(ErrorKey) -> &'static str,
    pub login_heading: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub password_label: &'static str,
    pub password_rules: &'static str,
    pub login_button: &'static str,
    pub reauth_heading: &'static str,
    pub reauth_hint: &'static str,
    pub reauth_button: &'static str,
    pub no_account: &'static str,
    pub register_heading: &'static str,
    pub display_name_label: &'static str,
    pub display_name_hint: &'static str,
    pub village_label: &'static str,
    pub village_choose: &'static str,
    /// The empty first choice of a list she must choose from.
    pub choose: &'static str,
    pub birth_year_label: &'static str,
    pub birth_year_hint: &'static str,
    pub your_phone: &'static str,
    /// The consent sentence around the privacy-notice link.
    pub consent_before: &'static str,
    pub consent_after: &'static str,
    pub privacy_link: &'static str,
    pub register_button: &'static str,
    pub have_account: &'static str,
    pub privacy_heading: &'static str,
    pub privacy_body: &'static [&'static str],
    pub greeting: fn(&str) -> String,
    pub profile_heading: &'static str,
    pub language_label: &'static str,
    pub save_button: &'static str,
    pub password_heading: &'static str,
    pub old_password_label: &'static str,
    pub new_password_label: &'static str,
    pub change_password_button: &'static str,
    pub my_data_heading: &'static str,
    pub export_hint: &'static str,
    pub export_button: &'static str,
    pub logout_button: &'static str,
    pub logout_everywhere_button: &'static str,
    pub delete_heading: &'static str,
    pub delete_warning: &'static str,
    pub delete_link: &'static str,
    pub delete_password_label: &'static str,
    pub delete_button: &'static str,
    pub cancel: &'static str,
    pub done_profile: &'static str,
    pub done_password: &'static str,
    pub done_deleted: &'static str,
    pub retry_in: fn(u64) -> String,
    pub signup_waitlisted: fn(i64) -> String,
    pub signup_button: &'static str,
    pub companions_label: &'static str,
    pub signup_confirmed: &'static str,
    pub signup_pending: &'static str,
    pub checkin_code_label: &'static str,
    pub cancel_signup_button: &'static str,
    pub activity_cancelled: &'static str,
    pub read_aloud: &'static str,
    /// The header's switch to larger text, and back.
    pub larger_text: &'static str,
    pub normal_text: &'static str,
    pub stop_reading: &'static str,
    pub when_label: &'static str,
    pub where_label: &'static str,
    pub places_label: &'static str,
    pub organized_by: &'static str,
    pub add_to_calendar: &'static str,
    pub admin_heading: &'static str,
    pub done_saved: &'static str,
    pub invitation_created: &'static str,
    pub regions_heading: &'static str,
    pub parent_region_label: &'static str,
    pub new_county: &'static str,
    pub region_name_label: &'static str,
    pub add_region_button: &'static str,
    pub federation_region_label: &'static str,
    pub federation_name_label: &'static str,
    pub add_federation_button: &'static str,
    pub invite_federation_label: &'static str,
    pub invite_button: &'static str,
    pub audit_heading: &'static str,
    pub organizer_heading: &'static str,
    pub done_appointed: &'static str,
    pub not_organizer: &'static str,
    pub invitation_code_label: &'static str,
    pub redeem_button: &'static str,
    pub volunteers_heading: &'static str,
    pub appoint_phone_label: &'static str,
    pub appoint_button: &'static str,
    pub admin_link: &'static str,
    pub organizer_link: &'static str,
    pub no_matching_activities: &'static str,
    pub more_activities: &'static str,
    pub search_label: &'static str,
    pub when_filter_label: &'static str,
    pub any_time: &'static str,
    pub this_week: &'static str,
    pub this_month: &'static str,
    pub on_day: &'static str,
    pub date_label: &'static str,
    pub area_filter_label: &'static str,
    pub anywhere: &'static str,
    pub my_village: &'static str,
    pub my_township: &'static str,
    pub my_county: &'static str,
    pub has_places_filter: &'static str,
    pub filter_button: &'static str,
    pub title_label: &'static str,
    pub category_label: &'static str,
    pub venue_label: &'static str,
    pub venue_place_label: &'static str,
    pub starts_label: &'static str,
    pub ends_label: &'static str,
    pub capacity_label: &'static str,
    pub description_label: &'static str,
    pub more_options: &'static str,
    pub companions_allowed_label: &'static str,
    pub signup_deadline_label: &'static str,
    pub cancel_cutoff_label: &'static str,
    pub requires_approval_label: &'static str,
    pub age_range_legend: &'static str,
    pub min_age_label: &'static str,
    pub max_age_label: &'static str,
    pub audience_label: &'static str,
    pub whole_area: &'static str,
    pub area_only_label: &'static str,
    pub repeat_label: &'static str,
    pub repeat_none: &'static str,
    pub repeat_weekly: &'static str,
    pub repeat_monthly: &'static str,
    pub occurrences_label: &'static str,
    pub save_as_draft: &'static str,
    pub managed_heading: &'static str,
    pub new_activity_button: &'static str,
    pub new_activity_heading: &'static str,
    pub publish_button: &'static str,
    pub edit_activity_heading: &'static str,
    pub edit_notifies_hint: &'static str,
    pub back_to_roster: &'static str,
    pub done_created: &'static str,
    pub done_published: &'static str,
    pub done_activity_cancelled: &'static str,
    pub done_removed: &'static str,
    pub done_no_shows: &'static str,
    pub view_public_page: &'static str,
    pub edit_button: &'static str,
    pub checkin_heading: &'static str,
    pub checkin_code_input_label: &'static str,
    pub checkin_button: &'static str,
    pub checkin_scan_hint: &'static str,
    pub confirmed_heading: &'static str,
    pub mark_no_shows_button: &'static str,
    pub pending_heading: &'static str,
    pub waitlist_heading: &'static str,
    pub export_roster_heading: &'static str,
    pub export_csv_masked: &'static str,
    pub export_csv_full: &'static str,
    pub export_full_hint: &'static str,
    pub cancel_activity_heading: &'static str,
    pub cancel_activity_hint: &'static str,
    pub cancel_activity_button: &'static str,
    pub back_to_organizer: &'static str,
    pub on_behalf_mark: &'static str,
    pub checked_in_mark: &'static str,
    pub no_show_mark: &'static str,
    pub undo_checkin_button: &'static str,
    pub tick_checkin_button: &'static str,
    pub approve_button: &'static str,
    pub decline_button: &'static str,
    pub remove_button: &'static str,
    pub my_activities_heading: &'static str,
    pub done_feed_revoked: &'static str,
    pub no_signups: &'static str,
    pub find_activities: &'static str,
    pub calendar_feed_heading: &'static str,
    pub calendar_feed_hint: &'static str,
    pub calendar_feed_copy_now: &'static str,
    pub calendar_feed_renew: &'static str,
    pub calendar_feed_create: &'static str,
    pub calendar_feed_revoke: &'static str,
    pub notifications_heading: &'static str,
    pub mark_all_read: &'static str,
    pub no_notifications: &'static str,
    pub new_mark: &'static str,
    pub done_signed_up_for: &'static str,
    pub manage_activity: &'static str,
    pub on_behalf_heading: &'static str,
    pub her_phone_label: &'static str,
    pub she_agreed_label: &'static str,
    pub sign_up_for_her_button: &'static str,
    pub pick_member_label: &'static str,
    pub pick_member_none: &'static str,
    pub quick_exit: &'static str,
    pub pinned_mark: &'static str,
    pub locked_mark: &'static str,
    pub more_threads: &'static str,
    pub new_thread_heading: &'static str,
    pub thread_title_label: &'static str,
    pub post_body_label: &'static str,
    pub post_anonymously: &'static str,
    pub pin_as_guide: &'static str,
    pub anonymous_hint: &'static str,
    pub post_button: &'static str,
    pub more_posts: &'static str,
    pub done_posted: &'static str,
    pub done_held: &'static str,
    pub done_reported: &'static str,
    pub thread_closed_notice: &'static str,
    pub deleted_post: &'static str,
    pub hidden_mark: &'static str,
    pub delete_own_summary: &'static str,
    pub delete_own_confirm: &'static str,
    pub delete_own_button: &'static str,
    pub done_post_deleted: &'static str,
    pub author_not_revealed: &'static str,
    pub reveal_summary: &'static str,
    pub reveal_hint: &'static str,
    pub reveal_reason_label: &'static str,
    pub reveal_button: &'static str,
    pub done_revealed: &'static str,
    pub reveals_heading: &'static str,
    pub reveals_hint: &'static str,
    pub reveal_entry: fn(&str, &str) -> String,
    pub view_post: &'static str,
    pub thread_locked_notice: &'static str,
    pub reply_heading: &'static str,
    pub reply_button: &'static str,
    pub you_mark: &'static str,
    pub held_mark: &'static str,
    pub helpful_button: &'static str,
    pub report_button: &'static str,
    pub report_reason_label: &'static str,
    pub report_submit: &'static str,
    pub moderation_heading: &'static str,
    pub deleted_author: &'static str,
    pub queue_heading: &'static str,
    pub queue_empty: &'static str,
    pub log_heading: &'static str,
    pub view_thread: &'static str,
    pub held_word_list: &'static str,
    pub held_new_member: &'static str,
    pub hidden_by_reports: &'static str,
    pub reported_visible: &'static str,
    pub posted_anonymously: &'static str,
    pub report_reasons_label: &'static str,
    pub restore_button: &'static str,
    pub dismiss_button: &'static str,
    pub hide_button: &'static str,
    pub lock_button: &'static str,
    pub delete_or_mute: &'static str,
    pub mod_reason_label: &'static str,
    pub mute_days_label: &'static str,
    pub delete_post_button: &'static str,
    pub mute_button: &'static str,
    pub new_group_heading: &'static str,
    pub group_name_label: &'static str,
    pub group_need_label: &'static str,
    pub group_purpose_label: &'static str,
    pub group_limit_label: &'static str,
    pub group_open_label: &'static str,
    pub create_group_button: &'static str,
    pub group_pending_notice: &'static str,
    pub withdraw_request: &'static str,
    pub leave_group: &'static str,
    pub join_group: &'static str,
    pub ask_to_join: &'static str,
    pub join_requests_heading: &'static str,
    pub group_board_heading: &'static str,
    pub group_members_heading: &'static str,
    pub assign_moderator_heading: &'static str,
    pub volunteer_label: &'static str,
    pub circle_label: &'static str,
    pub assign_button: &'static str,
    pub done_unassigned: &'static str,
    pub done_volunteer_removed: &'static str,
    pub done_organizer_removed: &'static str,
    pub duty_circle: &'static str,
    pub duty_group: &'static str,
    pub duty_group_creator: &'static str,
    pub unassign_button: &'static str,
    pub remove_volunteer_button: &'static str,
    pub volunteer_reach_label: &'static str,
    pub organizers_heading: &'static str,
    pub remove_organizer_button: &'static str,
    pub village_change_warning: &'static str,
    /// The specific consent asked on the first sign-up for a sensitive activity.
    pub sensitive_consent_label: &'static str,
    pub done_assigned: &'static str,
    pub thread_count: fn(i64) -> String,
    pub reply_count: fn(i64) -> String,
    pub muted_until: fn(&str) -> String,
    pub slow_mode_hint: fn(i64) -> String,
    pub anonymous_author: fn(i64) -> String,
    pub waiting_since: fn(&str) -> String,
    pub group_need: fn(GroupNeed) -> &'static str,
    pub group_members: fn(i64, i64) -> String,
    pub group_status: fn(MembershipStatus) -> &'static str,
    pub word_lists_heading: &'static str,
    pub word_lists_hint: &'static str,
    pub word_block: &'static str,
    pub word_hold: &'static str,
    pub word_label: &'static str,
    pub word_action_label: &'static str,
    pub delete_post_short: &'static str,
    pub group_label: &'static str,
    pub allow_group_creator_label: &'static str,
    pub allow_button: &'static str,
    pub audit_filter_label: &'static str,
    pub older_entries: &'static str,
    pub group_place_label: &'static str,
    /// Column headings of the roster CSV.
    pub csv_headers: [&'static str; 6],
    pub activity_status: fn(ActivityStatus) -> &'static str,
    pub seats_taken_of: fn(i64, i64) -> String,
    pub waitlisted_count: fn(i64) -> String,
    pub pending_count: fn(i64) -> String,
    pub checked_in_as: fn(&str) -> String,
    pub checked_in_count: fn(usize) -> String,
    pub qr_label: fn(&str) -> String,
    /// The sentence before the activity's title in a notification of this kind.
    pub notification: fn(NotificationKind) -> &'static str,
    pub unread_label: fn(i64) -> String,
    /// Status and attendance words in the roster CSV.
    pub roster_word: fn(RosterWord) -> &'static str,
    /// Joining an activity: who may, the button, what she got, taking it back.
    pub joining: Joining,
    /// What a page that needs a login says to a visitor.
    pub visitor: Visitor,
    /// The organizer's workbench.
    pub workbench: Workbench,
    /// Reporting a post, and the moderators' queue, log and mutes.
    pub moderating: Moderating,
    /// "我的数据": what Tongxin holds about her, in plain words.
    pub my_data: MyDataTexts,
    /// Help requests: asking, following, handling.
    pub help: Help,
    /// Adding a woman in person, codes given in person, setting a password with one.
    pub helping: Helping,
    /// Text messages: codes by text, her choice to receive them, the admins' outbox.
    pub texting: Texting,
    /// Pages kept on the phone for reading offline, and forms waiting for the network.
    pub offline: Offline,
    pub ledger: ledger::Ledger,
}

/// Reading offline: a page the phone kept (the service worker shows these words when it
/// serves its copy) and a sign-up or cancellation made without network.
pub struct Offline {
    /// Before the time the copy was saved: "上次更新：".
    pub saved_at: &'static str,
    /// A sign-up or cancellation made offline, waiting to be sent.
    pub queued: &'static str,
}

/// Text messages: a forgotten password reset by a texted code, a number checked before
/// registering, her choice to receive reminders by text, and the admins' outbox.
pub struct Texting {
    pub forgot_link: &'static str,
    pub forgot_heading: &'static str,
    pub forgot_intro: &'static str,
    pub send_code_button: &'static str,
    /// After a code was asked for: said whether or not the number has an account.
    pub sent_notice: &'static str,
    pub code_label: &'static str,
    pub reset_button: &'static str,
    pub done_reset: &'static str,
    /// For a phone that cannot receive texts: the way in person.
    pub no_texts_hint: &'static str,
    pub register_code_intro: &'static str,
    pub register_code_sent: &'static str,
    pub texts_heading: &'static str,
    pub texts_on: &'static str,
    pub texts_off: &'static str,
    pub turn_off: &'static str,
    pub turn_on: &'static str,
    pub done_texts: &'static str,
    pub outbox_link: &'static str,
    pub outbox_heading: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_none: &'static str,
    pub outbox_all: &'static str,
    pub state: fn(domain::sms::OutboxState) -> &'static str,
    pub template: fn(domain::sms::SmsTemplate) -> &'static str,
    pub tries: fn(i64) -> String,
    /// Why it did not go (`outbox.last_error`): the rules' own words, else the provider's.
    pub reason: fn(&str) -> String,
}

/// Help requests (求助): her form (with the numbers to call at once about her safety), her
/// list in plain words, and the pages of those who handle them.
pub struct Help {
    /// On her "me" page.
    pub ask_link: &'static str,
    pub mine_link: &'static str,
    /// On the pages of volunteers and organizers.
    pub queue_link: &'static str,
    pub new_heading: &'static str,
    pub new_intro: &'static str,
    pub kind_legend: &'static str,
    pub kind: fn(HelpKind) -> &'static str,
    pub safety_heading: &'static str,
    pub safety_body: &'static str,
    pub call_police: &'static str,
    pub call_hotline: &'static str,
    pub description_label: &'static str,
    pub description_hint: &'static str,
    pub contact_legend: &'static str,
    pub contact: fn(HelpContact) -> &'static str,
    pub urgency_legend: &'static str,
    pub urgency: fn(Urgency) -> &'static str,
    pub for_her_legend: &'static str,
    pub for_her_hint: &'static str,
    pub pick_her_none: &'static str,
    pub agreed_label: &'static str,
    pub submit: &'static str,
    pub done_filed: &'static str,
    pub mine_heading: &'static str,
    pub mine_intro: &'static str,
    pub mine_empty: &'static str,
    /// Where a request stands, in plain words ("已转交民政办").
    pub state_words: fn(HelpState, Option<Department>) -> String,
    /// A department's full name.
    pub department: fn(Department) -> &'static str,
    /// Who made a change, as she sees it.
    pub actor: fn(HelpActor) -> &'static str,
    pub asked_on: fn(&str) -> String,
    pub filed_for_you: &'static str,
    /// `(department, date)`.
    pub referred_line: fn(&str, &str) -> String,
    pub outcome_line: fn(&str) -> String,
    pub withdraw_button: &'static str,
    pub withdraw_question: &'static str,
    pub withdraw_note_label: &'static str,
    pub done_withdrawn: &'static str,
    pub queue_heading: &'static str,
    pub queue_intro: &'static str,
    pub queue_empty: &'static str,
    pub overdue_mark: &'static str,
    pub escalated_mark: &'static str,
    pub urgent_mark: &'static str,
    pub unassigned: &'static str,
    pub assigned_to: fn(&str) -> String,
    pub case_heading: &'static str,
    pub her_phone: &'static str,
    pub contact_label: &'static str,
    pub village_label: &'static str,
    /// `(helper, date she agreed)`.
    pub filed_by: fn(&str, &str) -> String,
    pub escalated_on: fn(&str) -> String,
    pub update_heading: &'static str,
    pub state_label: &'static str,
    pub same_state: fn(HelpState) -> String,
    pub note_label: &'static str,
    pub internal_label: &'static str,
    pub internal_hint: &'static str,
    pub internal_mark: &'static str,
    pub update_button: &'static str,
    pub done_updated: &'static str,
    pub assign_heading: &'static str,
    pub assign_label: &'static str,
    pub nobody: &'static str,
    pub no_volunteers: &'static str,
    pub assign_button: &'static str,
    pub done_assigned: &'static str,
    pub events_heading: &'static str,
    pub unknown_actor: &'static str,
    pub referrals_heading: &'static str,
    pub refer_heading: &'static str,
    pub department_label: &'static str,
    pub referred_on_label: &'static str,
    pub referral_contact_label: &'static str,
    pub refer_button: &'static str,
    pub done_referred: &'static str,
    pub outcome_label: &'static str,
    pub outcome_hint: &'static str,
    pub outcome_button: &'static str,
    pub done_outcome: &'static str,
    pub no_outcome_yet: &'static str,
}

/// A helper adding a woman without a smartphone (or a girl with her guardian), giving a code
/// in person; a woman setting her password with it.
pub struct Helping {
    pub link: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub add_heading: &'static str,
    pub phone_label: &'static str,
    pub guardian_legend: &'static str,
    pub guardian_name_label: &'static str,
    pub relation_label: &'static str,
    pub relation: fn(Relation) -> &'static str,
    pub consent_label: &'static str,
    pub add_button: &'static str,
    pub done_added: &'static str,
    pub list_heading: &'static str,
    pub none_yet: &'static str,
    pub claimed: &'static str,
    pub not_claimed: &'static str,
    pub with_guardian: &'static str,
    pub give_code_button: &'static str,
    pub forgot_heading: &'static str,
    pub forgot_hint: &'static str,
    pub code_for: fn(&str) -> String,
    pub code_hint: &'static str,
    pub claim_heading: &'static str,
    pub claim_intro: &'static str,
    pub code_label: &'static str,
    pub claim_button: &'static str,
    pub claim_link: &'static str,
    pub done_claimed: &'static str,
    /// On the roster, by a woman added without a smartphone who has not logged in yet.
    pub call_her: &'static str,
}

/// The page "我的数据": her records in plain words, with real dates.
pub struct MyDataTexts {
    pub view_link: &'static str,
    pub intro: &'static str,
    /// A date with its year: `(year, month, day)`.
    pub full_date: fn(i32, u32, u32) -> String,
    pub profile_heading: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
    pub village: &'static str,
    pub birth_year: &'static str,
    pub language: &'static str,
    pub role_label: &'static str,
    pub role: fn(Role) -> &'static str,
    pub joined: &'static str,
    pub notice: &'static str,
    /// `(version, date)` of the privacy notice she agreed to.
    pub notice_agreed: fn(&str, &str) -> String,
    pub not_given: &'static str,
    pub sessions_heading: &'static str,
    /// `(since, last used)`.
    pub session_line: fn(&str, &str) -> String,
    pub signups_heading: &'static str,
    pub signed_up_on: fn(&str) -> String,
    pub signed_up_by: fn(&str) -> String,
    pub companions: fn(i64) -> String,
    pub checked_in_on: fn(&str) -> String,
    /// `(date, reason)`.
    pub removed_on: fn(&str, &str) -> String,
    pub consents_heading: &'static str,
    /// `(date, purpose)`.
    pub consent_line: fn(&str, &str) -> String,
    pub told_to: fn(&str) -> String,
    pub others_heading: &'static str,
    pub data_section: fn(DataSection) -> &'static str,
    /// A kind of record and how many there are.
    pub count: fn(&str, usize) -> String,
    pub none: &'static str,
    pub download_heading: &'static str,
    pub download_hint: &'static str,
    pub download_button: &'static str,
}

/// Reporting a post; keeping a circle: the queue's choices, the log in plain words, mutes.
pub struct Moderating {
    pub report_reason: fn(ReportReason) -> &'static str,
    /// The report form's first, empty choice.
    pub choose_reason: &'static str,
    pub danger_hint: &'static str,
    pub you_reported: &'static str,
    pub danger_mark: &'static str,
    pub held_for_word: fn(&str) -> String,
    /// The queue's choices, saying what each does.
    pub hide_safe: &'static str,
    pub let_through: &'static str,
    pub dismiss_and_restore: &'static str,
    pub dismiss_and_keep: &'static str,
    /// A line of the moderation log: who did what to which thread.
    pub log_line: fn(&str, ModAction, &str) -> String,
    pub untitled_thread: &'static str,
    pub restore_here: &'static str,
    pub mutes_heading: &'static str,
    pub no_mutes: &'static str,
    pub anonymous_author: &'static str,
    /// Who is muted, where and until when.
    pub mute_line: fn(&str, &str, &str) -> String,
    pub unmute_button: &'static str,
    /// A moderator's own controls under a post in its thread.
    pub moderate_post: &'static str,
    /// A notice's reason, in the words of the one who acted.
    pub because: fn(&str) -> String,
}

/// The organizer's workbench: what needs her, and her activities narrowed.
pub struct Workbench {
    pub needs_you: &'static str,
    pub nothing_waiting: &'static str,
    pub search_title: &'static str,
    pub state_label: &'static str,
    pub any_state: &'static str,
    pub state: fn(ManagedState) -> &'static str,
    pub month_label: &'static str,
    pub none_match: &'static str,
    /// Which dates of a series an edit applies to; which a cancellation cancels.
    pub edit_scope_legend: &'static str,
    pub cancel_scope_legend: &'static str,
    pub scope_one: &'static str,
    /// This date and the `n` later ones.
    pub scope_this_and_later: fn(i64) -> String,
    /// All `n` dates still to come, this one included.
    pub scope_all_coming: fn(i64) -> String,
    pub scope_hint: &'static str,
}

/// The words of joining and leaving: an activity, from a shared link to a seat; a group.
pub struct Joining {
    pub who_may_join: &'static str,
    /// `(min, max)` ages, at least one given.
    pub ages: fn(Option<i64>, Option<i64>) -> String,
    /// Only women living in this region.
    pub lives_in: fn(&str) -> String,
    pub anyone: &'static str,
    pub needs_approval: &'static str,
    pub deadline: fn(&str) -> String,
    pub cancel_until: fn(&str) -> String,
    pub companions_take_seats: &'static str,
    pub waiting_count: fn(i64) -> String,
    pub waitlist_button: &'static str,
    pub leave_queue_button: &'static str,
    pub withdraw_button: &'static str,
    pub closed: &'static str,
    pub started: &'static str,
    pub ended: &'static str,
    pub birth_year_needed: &'static str,
    pub login_to_join: &'static str,
    pub login_to_join_hint: &'static str,
    /// On the login and registration pages when she came from an activity.
    pub after_login_joins: &'static str,
    pub welcome: &'static str,
    pub signed_up: &'static str,
    pub cancelled: &'static str,
    /// "带 2 人同行，共占 3 个名额".
    pub companions_counted: fn(i64) -> String,
    pub checkin_code_hint: &'static str,
    pub cancel_heading: &'static str,
    pub cancel_body: &'static str,
    pub cancel_confirm: &'static str,
    pub leave_queue_heading: &'static str,
    pub leave_queue_body: &'static str,
    pub leave_queue_confirm: &'static str,
    pub withdraw_heading: &'static str,
    pub withdraw_body: &'static str,
    pub withdraw_confirm: &'static str,
    pub keep_it: &'static str,
    pub nothing_to_cancel: &'static str,
    pub cancel_closed: &'static str,
    pub back_to_activity: &'static str,
    pub needs_approval_short: &'static str,
    pub group_joined: &'static str,
    pub group_left: &'static str,
    pub group_leave_heading: &'static str,
    pub group_leave_body: &'static str,
    pub group_leave_confirm: &'static str,
    pub group_withdraw_heading: &'static str,
    pub group_withdraw_body: &'static str,
    pub group_withdraw_confirm: &'static str,
    pub group_stay: &'static str,
    pub back_to_group: &'static str,
    pub find_her_label: &'static str,
    pub find_her_hint: &'static str,
    pub find_her_button: &'static str,
    pub helped_heading: &'static str,
    pub helped_empty: &'static str,
    pub helped_code_hint: &'static str,
    pub helped_cancel_question: &'static str,
    pub helped_cancel_confirm: &'static str,
    pub cancelled_for: &'static str,
    pub found_count: fn(usize) -> String,
    pub no_longer_signed_up: &'static str,
    /// A changed activity's time and place now.
    pub now_at: fn(&str, &str) -> String,
    pub no_shows_confirm: &'static str,
    pub cancel_activity_confirm: &'static str,
    pub no_shows_question: fn(usize) -> String,
    pub cancel_activity_question: fn(usize) -> String,
    /// Asked before taking her (named) off the roster.
    pub remove_question: fn(&str) -> String,
    pub removal_reason_label: &'static str,
    pub removal_reason: fn(RemovalReason) -> &'static str,
    pub remove_confirm: &'static str,
    pub removed_heading: &'static str,
    pub undo_removal_button: &'static str,
    pub removal_undone: &'static str,
}

/// The pages a visitor meets before she has logged in, each introduced by what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberPage {
    Circles,
    Groups,
    MyActivities,
    Notifications,
    Me,
    Other,
}

impl MemberPage {
    /// The page a path belongs to.
    pub fn of_path(path: &str) -> Self {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let mut segments = path.trim_start_matches('/').split('/');
        match (segments.next(), segments.next()) {
            (Some("circles" | "threads"), _) => Self::Circles,
            (Some("groups"), _) => Self::Groups,
            (Some("me"), Some("activities")) => Self::MyActivities,
            (Some("notifications"), _) => Self::Notifications,
            (Some("me"), _) => Self::Me,
            _ => Self::Other,
        }
    }
}

/// A visitor's welcome on a page that needs a login.
pub struct Visitor {
    /// What the page is, as its heading.
    pub heading: fn(MemberPage) -> &'static str,
    /// What she finds there once logged in.
    pub about: fn(MemberPage) -> &'static str,
    pub hint: &'static str,
}

impl Texts {
    /// How her sign-up stands, in words: confirmed, her place in the queue, or waiting for
    /// approval.
    pub fn signup_state(&self, status: SignupStatus, waitlist_position: Option<i64>) -> String {
        match (status, waitlist_position) {
            (SignupStatus::Confirmed, _) => self.signup_confirmed.to_owned(),
            (SignupStatus::Waitlisted, Some(p)) => (self.signup_waitlisted)(p),
            (SignupStatus::Waitlisted, None)
            | (SignupStatus::Pending | SignupStatus::Cancelled | SignupStatus::Declined, _) => {
                self.signup_pending.to_owned()
            }
        }
    }
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::ZhCn => &zh_cn::TEXTS,
        Lang::En => &en::TEXTS,
    }
}

/// The language of the current request (set by the shell from the `lang` cookie).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

pub fn use_texts() -> &'static Texts {
    texts(use_lang())
}

/// "2026年3月5日" / "5 March 2026": the day of a moment (UTC seconds) in China time, with its
/// year, for records that may be old.
pub fn date_in_words(t: &Texts, at: i64) -> String {
    let at = domain::time::LocalDateTime::from_utc_secs(at);
    (t.my_data.full_date)(at.year, at.month, at.day)
}

/// "明天 14:00" / "Tomorrow 14:00": a time in words relative to `now`, both in UTC seconds,
/// shown in China time.
pub fn when_in_words(t: &Texts, at: i64, now: i64) -> String {
    use domain::time::LocalDateTime;
    let at = LocalDateTime::from_utc_secs(at);
    let today = LocalDateTime::from_utc_secs(now);
    let day = match at.day_number - today.day_number {
        0 => t.today.to_owned(),
        1 => t.tomorrow.to_owned(),
        2 => t.day_after_tomorrow.to_owned(),
        3..=6 => (t.weekday)(at.weekday).to_owned(),
        _ => format!(
            "{} {}",
            (t.month_day)(at.month, at.day),
            (t.weekday)(at.weekday)
        ),
    };
    format!("{day} {}", at.hhmm())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::VariantArray;

    #[test]
    fn every_language_has_every_message() {
        for lang in [Lang::ZhCn, Lang::En] {
            let t = texts(lang);
            for &key in ErrorKey::VARIANTS {
                assert!(!(t.error)(key).is_empty(), "{lang:?} lacks {key:?}");
            }
            for &c in Category::VARIANTS {
                assert!(!(t.category)(c).is_empty(), "{lang:?} lacks {c:?}");
            }
            for &s in ActivityStatus::VARIANTS {
                assert!(!(t.activity_status)(s).is_empty(), "{lang:?} lacks {s:?}");
            }
            for &s in SignupStatus::VARIANTS {
                assert!(!(t.roster_word)(RosterWord::Status(s)).is_empty());
            }
            for &k in NotificationKind::VARIANTS {
                assert!(!(t.notification)(k).is_empty(), "{lang:?} lacks {k:?}");
            }
            for &s in ManagedState::VARIANTS {
                assert!(!(t.workbench.state)(s).is_empty(), "{lang:?} lacks {s:?}");
            }
            for &a in ModAction::VARIANTS {
                assert!(
                    (t.moderating.log_line)("A", a, "T").contains('T'),
                    "{lang:?} {a:?}"
                );
            }
            for &s in DataSection::VARIANTS {
                assert!(
                    !(t.my_data.data_section)(s).is_empty(),
                    "{lang:?} lacks {s:?}"
                );
            }
            for &r in Relation::VARIANTS {
                assert!(!(t.helping.relation)(r).is_empty(), "{lang:?} lacks {r:?}");
            }
            for &r in Role::VARIANTS {
                assert!(!(t.my_data.role)(r).is_empty(), "{lang:?} lacks {r:?}");
            }
            for &r in RemovalReason::VARIANTS {
                assert!(
                    !(t.joining.removal_reason)(r).is_empty(),
                    "{lang:?} lacks {r:?}"
                );
            }
            for &r in ReportReason::VARIANTS {
                assert!(
                    !(t.moderating.report_reason)(r).is_empty(),
                    "{lang:?} lacks {r:?}"
                );
            }
            for &n in GroupNeed::VARIANTS {
                assert!(!(t.group_need)(n).is_empty(), "{lang:?} lacks {n:?}");
            }
            for &m in MembershipStatus::VARIANTS {
                assert!(!(t.group_status)(m).is_empty(), "{lang:?} lacks {m:?}");
            }
            for d in 0..7 {
                assert!(!(t.weekday)(d).is_empty());
            }
        }
    }

    #[test]
    fn times_read_as_words() {
        let now = domain::time::parse_local_datetime("2026-11-29T09:00").unwrap(); // a Sunday
        let at = |s| domain::time::parse_local_datetime(s).unwrap();
        let zh = texts(Lang::ZhCn);
        assert_eq!(when_in_words(zh, at("2026-11-29T19:30"), now), "今天 19:30");
        assert_eq!(when_in_words(zh, at("2026-11-30T14:00"), now), "明天 14:00");
        assert_eq!(when_in_words(zh, at("2026-12-01T14:00"), now), "后天 14:00");
        assert_eq!(when_in_words(zh, at("2026-12-03T08:00"), now), "周四 08:00");
        assert_eq!(
            when_in_words(zh, at("2026-12-12T08:00"), now),
            "12月12日 周六 08:00"
        );
        let en = texts(Lang::En);
        assert_eq!(
            when_in_words(en, at("2026-11-30T14:00"), now),
            "Tomorrow 14:00"
        );
        assert_eq!(
            when_in_words(en, at("2026-12-12T08:00"), now),
            "12 Dec Sat 08:00"
        );
    }
}
