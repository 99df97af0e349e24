//! QR codes as inline SVG (no image files, no JavaScript): the check-in code a woman shows at
//! the door.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code for `text`, scaled by CSS (it has a viewBox and no fixed size).
pub fn svg(text: &str, label: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let image = code
        .render::<svg::Color>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Make it scale with its box and give it an accessible name.
    let label: String = label
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | '&' | '"'))
        .collect();
    image.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" class=\"qr\" "),
        1,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_an_svg_with_a_label() {
        let s = super::svg(
            "https://tongxin.example/organizer/activities/3?code=123456",
            "签到码 <123456>",
        );
        assert!(
            s.contains("<svg role=\"img\" aria-label=\"签到码 123456\""),
            "{}",
            &s[..200]
        );
        assert!(s.contains("viewBox") || s.contains("width"));
        assert!(!s.contains("<script"));
    }
}
