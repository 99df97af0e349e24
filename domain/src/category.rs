//! Activity categories, as the national policy names them (DESIGN.md, "Activities").

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl Category {
    pub const ALL: [Category; 8] = [
        Category::CultureSports,
        Category::SkillsTraining,
        Category::Entrepreneurship,
        Category::HealthScreening,
        Category::LegalAid,
        Category::FamilyEducation,
        Category::Governance,
        Category::CareVisit,
    ];

    /// The stable name used in URLs, forms, the API and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Category::CultureSports => "culture_sports",
            Category::SkillsTraining => "skills_training",
            Category::Entrepreneurship => "entrepreneurship",
            Category::HealthScreening => "health_screening",
            Category::LegalAid => "legal_aid",
            Category::FamilyEducation => "family_education",
            Category::Governance => "governance",
            Category::CareVisit => "care_visit",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.slug() == s.trim())
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

    #[test]
    fn slugs_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.slug()), Some(c));
        }
        assert_eq!(Category::parse("dancing"), None);
    }
}
