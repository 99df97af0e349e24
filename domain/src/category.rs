//! Activity categories, as the national policy names them (DESIGN.md, "Activities").

crate::vocabulary! {
    /// An activity's category, as stored in `activities.category` and used in URLs, forms and
    /// the API (`culture_sports`, …). A new one needs a name in each language (`app::i18n`).
    pub enum Category {
        CultureSports,
        SkillsTraining,
        Entrepreneurship,
        HealthScreening,
        LegalAid,
        FamilyEducation,
        Governance,
        CareVisit,
    }
}

impl Category {
    /// The stable name used in URLs, forms, the API and the database.
    pub fn slug(self) -> &'static str {
        self.into()
    }

    /// The category named `s` (surrounding blanks ignored).
    pub fn parse(s: &str) -> Option<Category> {
        s.trim().parse().ok()
    }

    /// Whether signing up says something sensitive about her (her health, a legal trouble):
    /// the first such sign-up needs her specific consent for that purpose (PIPL art. 29),
    /// recorded in `purpose_consents`.
    pub fn is_sensitive(self) -> bool {
        matches!(self, Category::HealthScreening | Category::LegalAid)
    }

    /// An icon that reads without words. Emoji render on every phone without a web font.
    pub fn icon(self) -> &'static str {
        match self {
            Category::CultureSports => "💃",
            Category::SkillsTraining => "🧵",
            Category::Entrepreneurship => "🌱",
            Category::HealthScreening => "🩺",
            Category::LegalAid => "⚖️",
            Category::FamilyEducation => "👩‍👧",
            Category::Governance => "🗳️",
            Category::CareVisit => "🤝",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    #[test]
    fn slugs_round_trip() {
        for c in Category::VARIANTS {
            assert_eq!(Category::parse(c.slug()), Some(*c));
        }
        assert_eq!(Category::parse(" legal_aid "), Some(Category::LegalAid));
        assert_eq!(Category::parse("dancing"), None);
    }
}
