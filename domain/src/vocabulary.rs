//! How a word with a fixed set of values is declared: [`vocabulary!`](crate::vocabulary).

/// Declares a vocabulary enum, derived like every word of the vocabulary: `Copy`, compared and
/// hashed, its `snake_case` word through serde and strum (`FromStr`, `VARIANTS`), and
/// `as_str()` for the word. A column that holds it registers it in `sql::stored_as_text!`.
///
/// ```
/// domain::vocabulary! {
///     /// What a light shows.
///     pub enum Light {
///         Red,
///         GreenArrow,
///     }
/// }
/// assert_eq!(Light::GreenArrow.as_str(), "green_arrow");
/// assert_eq!("red".parse::<Light>(), Ok(Light::Red));
/// ```
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)+ }) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
            ::strum::IntoStaticStr,
            ::strum::EnumString,
            ::strum::VariantArray,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// The word for it, as stored and sent (`snake_case`).
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}
