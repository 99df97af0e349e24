//! Building blocks shared by pages.

pub mod activity_card;
pub mod activity_form;
pub mod error_panel;
pub mod form;
pub mod layout;
pub mod offline;
pub mod user_text;
pub mod village_picker;
