//! PDF documents in the company's name: A4 sheets laid out as a list of drawing
//! operations per page, rendered by `krilla` at the end. The fonts (DejaVu Sans and
//! Sans Mono, licence beside them) ship in the repository, so æøåäö render the same
//! on every machine; amounts use the monospaced face so they right-align exactly.
use std::sync::Arc;

use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;

static SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
static MONO: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");

/// A4 in points.
pub const WIDTH: f32 = 595.0;
pub const HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 50.0;
/// Advance of one DejaVu Sans Mono character, in em (1233 / 2048).
const MONO_ADVANCE: f32 = 0.602;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Mono,
}

#[derive(Clone, Debug)]
enum Op {
    Text { x: f32, y: f32, size: f32, face: Face, text: String },
    Rule { x1: f32, x2: f32, y: f32 },
    Image { x: f32, y: f32, w: f32, h: f32, bytes: Arc<Vec<u8>>, png: bool },
}

/// A document being laid out; `y` is where the next line goes on the current page.
pub struct Sheet {
    pages: Vec<Vec<Op>>,
    pub y: f32,
}

impl Default for Sheet {
    fn default() -> Self {
        Self::new()
    }
}

impl Sheet {
    pub fn new() -> Self {
        Sheet { pages: vec![Vec::new()], y: MARGIN }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Left-aligned text with its baseline at `y`, cut to `max_chars`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, face: Face, text: &str) {
        self.text_max(x, y, size, face, text, usize::MAX);
    }

    pub fn text_max(&mut self, x: f32, y: f32, size: f32, face: Face, text: &str, max_chars: usize) {
        let t: String = text.chars().filter(|c| !c.is_control()).collect();
        let t = if t.chars().count() > max_chars { format!("{}…", t.chars().take(max_chars.saturating_sub(1)).collect::<String>()) } else { t };
        if !t.is_empty() {
            self.ops().push(Op::Text { x, y, size, face, text: t });
        }
    }

    /// Monospaced text whose right edge is at `right` (amounts, quantities).
    pub fn right(&mut self, right: f32, y: f32, size: f32, text: &str) {
        let w = text.chars().count() as f32 * MONO_ADVANCE * size;
        self.ops().push(Op::Text { x: right - w, y, size, face: Face::Mono, text: text.to_string() });
    }

    pub fn rule(&mut self, y: f32) {
        self.ops().push(Op::Rule { x1: MARGIN, x2: WIDTH - MARGIN, y });
    }

    /// A PNG or JPEG image fitted into `max_w` × `max_h` at the top-left corner
    /// (`x`, `y`); an image of another kind is left out.
    pub fn image(&mut self, x: f32, y: f32, max_w: f32, max_h: f32, bytes: Vec<u8>) {
        let png = bytes.starts_with(&[0x89, b'P', b'N', b'G']);
        let jpeg = bytes.starts_with(&[0xFF, 0xD8]);
        if !png && !jpeg {
            return;
        }
        let Some((w, h)) = image_size(&bytes, png) else { return };
        let scale = (max_w / w as f32).min(max_h / h as f32).min(1.0);
        self.ops().push(Op::Image { x, y, w: w as f32 * scale, h: h as f32 * scale, bytes: Arc::new(bytes), png });
    }

    /// Moves down by `dy`, starting a new page (and calling `header` on it) when the
    /// bottom margin is reached.
    pub fn advance(&mut self, dy: f32, header: &mut dyn FnMut(&mut Sheet)) {
        self.y += dy;
        if self.y > HEIGHT - MARGIN - 30.0 {
            self.pages.push(Vec::new());
            self.y = MARGIN;
            header(self);
        }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Renders the sheet to PDF bytes.
    pub fn render(self) -> Result<Vec<u8>, String> {
        let font = |b: &'static [u8]| Font::new(b.into(), 0).ok_or_else(|| "the shipped font could not be read".to_string());
        let (sans, bold, mono) = (font(SANS)?, font(BOLD)?, font(MONO)?);
        let mut document = Document::new();
        for ops in self.pages {
            let mut page = document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).ok_or("bad page size")?);
            let mut surface = page.surface();
            for op in ops {
                match op {
                    Op::Text { x, y, size, face, text } => {
                        let f = match face {
                            Face::Regular => sans.clone(),
                            Face::Bold => bold.clone(),
                            Face::Mono => mono.clone(),
                        };
                        surface.draw_text(Point::from_xy(x, y), f, size, &text, false, TextDirection::Auto);
                    }
                    Op::Rule { x1, x2, y } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(x1, y);
                        pb.line_to(x2, y);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke { width: 0.5, ..Default::default() }));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                            surface.set_fill(Some(Default::default()));
                        }
                    }
                    Op::Image { x, y, w, h, bytes, png } => {
                        let data: krilla::Data = bytes.into();
                        let image = if png { krilla::image::Image::from_png(data, true) } else { krilla::image::Image::from_jpeg(data, true) };
                        if let (Ok(image), Some(size)) = (image, Size::from_wh(w, h)) {
                            surface.push_transform(&Transform::from_translate(x, y));
                            surface.draw_image(image, size);
                            surface.pop();
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| format!("the PDF could not be written: {e:?}"))
    }
}

/// Width and height of a PNG (IHDR) or JPEG (first SOF marker).
fn image_size(b: &[u8], png: bool) -> Option<(u32, u32)> {
    if png {
        let w = u32::from_be_bytes(b.get(16..20)?.try_into().ok()?);
        let h = u32::from_be_bytes(b.get(20..24)?.try_into().ok()?);
        return (w > 0 && h > 0).then_some((w, h));
    }
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if (0xC0..=0xCF).contains(&marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
            let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
            let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
            return (w > 0 && h > 0).then_some((w, h));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_pdf_with_pages() {
        let mut s = Sheet::new();
        s.text(MARGIN, 100.0, 12.0, Face::Bold, "Tilbud 10001 — Blåbær & Sønner AS, Göteborg");
        s.right(WIDTH - MARGIN, 120.0, 10.0, "1 234,50");
        s.rule(130.0);
        for _ in 0..80 {
            s.advance(14.0, &mut |p| p.text(MARGIN, MARGIN, 9.0, Face::Regular, "fortsatt"));
        }
        assert_eq!(s.page_count(), 2);
        let pdf = s.render().unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 200_000, "fonts are subset ({} bytes)", pdf.len());
    }

    #[test]
    fn image_sizes() {
        let mut png = vec![0x89, b'P', b'N', b'G', 13, 10, 26, 10, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];
        png.extend_from_slice(&200u32.to_be_bytes());
        png.extend_from_slice(&80u32.to_be_bytes());
        assert_eq!(image_size(&png, true), Some((200, 80)));
        assert_eq!(image_size(b"junk", false), None);
    }
}
