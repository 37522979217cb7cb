//! PDF documents in the company's name: A4 sheets laid out as a list of drawing
//! operations per page, rendered by `krilla` at the end. The fonts (DejaVu Sans and
//! Sans Mono, licence beside them) ship in the repository, so æøåäö render the same
//! on every machine; amounts use the monospaced face so they right-align exactly.
//! Text is measured with the fonts' own glyph advances: nothing is ever cut, long
//! text wraps, and a table row that does not fit starts a new page under repeated
//! column heads.
use std::sync::{Arc, OnceLock};

pub mod layout;
pub mod render;
pub use layout::{address, doc_lang, Body, Layout};
pub use render::{pdf_name, print_with, render_doc};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Mono,
}

fn font_bytes(face: Face) -> &'static [u8] {
    match face {
        Face::Regular => SANS,
        Face::Bold => BOLD,
        Face::Mono => MONO,
    }
}

/// The shipped fonts' glyph tables, parsed once.
fn faces() -> &'static [Option<ttf_parser::Face<'static>>; 3] {
    static FACES: OnceLock<[Option<ttf_parser::Face<'static>>; 3]> = OnceLock::new();
    FACES.get_or_init(|| [Face::Regular, Face::Bold, Face::Mono].map(|f| ttf_parser::Face::parse(font_bytes(f), 0).ok()))
}

/// The width of `text` set in `face` at `size` points: the sum of the glyphs'
/// horizontal advances (a character the font lacks counts as its missing-glyph box).
pub fn width(face: Face, size: f32, text: &str) -> f32 {
    let Some(f) = &faces()[face as usize] else { return text.chars().count() as f32 * size * 0.6 };
    let per_unit = size / f.units_per_em() as f32;
    text.chars()
        .map(|c| {
            let g = f.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            f.glyph_hor_advance(g).unwrap_or(0) as f32 * per_unit
        })
        .sum()
}

/// Breaks `text` into lines no wider than `max_w`: at spaces where it can, inside a
/// word only when the word alone is wider; line breaks in the text are kept.
pub fn wrap(face: Face, size: f32, text: &str, max_w: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let para: String = para.chars().filter(|c| !c.is_control()).collect();
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if width(face, size, &candidate) <= max_w {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            // a word wider than the column is split where it must be
            for c in word.chars() {
                line.push(c);
                if width(face, size, &line) > max_w && line.chars().count() > 1 {
                    let last = line.pop().unwrap_or(c);
                    out.push(std::mem::take(&mut line));
                    line.push(last);
                }
            }
        }
        out.push(line);
    }
    while out.len() > 1 && out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its left and right edges, how its cells align, and their face.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub left: f32,
    pub right: f32,
    pub align: Align,
    pub face: Face,
}

impl Column {
    pub const fn left(left: f32, right: f32) -> Self {
        Column { left, right, align: Align::Left, face: Face::Regular }
    }
    /// Amounts and quantities: monospaced, right-aligned.
    pub const fn num(left: f32, right: f32) -> Self {
        Column { left, right, align: Align::Right, face: Face::Mono }
    }
}

/// Columns with their heads; every row wraps its cells within their columns.
pub struct Table {
    pub cols: Vec<Column>,
    pub heads: Vec<String>,
    pub size: f32,
}

impl Table {
    pub fn new(cols: Vec<Column>, heads: Vec<String>, size: f32) -> Self {
        Table { cols, heads, size }
    }

    fn lead(&self) -> f32 {
        self.size * 1.45
    }

    /// The column heads (bold, wrapped like cells) and a rule under them.
    pub fn heads(&self, s: &mut Sheet) {
        let y = s.y;
        let mut h = 0.0f32;
        for (col, head) in self.cols.iter().zip(&self.heads) {
            let c = Column { face: Face::Bold, ..*col };
            h = h.max(s.cell(&c, y, self.size, head, self.lead()));
        }
        s.rule(y + h - self.lead() + 4.0);
        s.y = y + h + 4.0;
    }
}

#[derive(Clone, Debug)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        bytes: Arc<Vec<u8>>,
        png: bool,
    },
    /// A filled rectangle (a chart's bar).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        rgb: (u8, u8, u8),
    },
    /// A thin coloured line (a chart's grid).
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        rgb: (u8, u8, u8),
    },
}

/// A document being laid out; `y` is where the next line goes on the current page.
pub struct Sheet {
    pages: Vec<Vec<Op>>,
    pub y: f32,
    /// The page's size in points (A4 upright unless turned).
    pub width: f32,
    pub height: f32,
}

impl Default for Sheet {
    fn default() -> Self {
        Self::new()
    }
}

impl Sheet {
    pub fn new() -> Self {
        Sheet { pages: vec![Vec::new()], y: MARGIN, width: WIDTH, height: HEIGHT }
    }

    /// A sheet of A4 pages on their side (wide tables: reports).
    pub fn landscape() -> Self {
        Sheet { width: HEIGHT, height: WIDTH, ..Sheet::new() }
    }

    /// Where the body of a page ends (the foot margin).
    pub fn bottom(&self) -> f32 {
        self.height - MARGIN - 30.0
    }

    /// A filled rectangle; one of no width or height is left out.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: (u8, u8, u8)) {
        if w > 0.0 && h > 0.0 {
            self.ops().push(Op::Rect { x, y, w, h, rgb });
        }
    }

    /// A thin line in a colour.
    pub fn line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), rgb: (u8, u8, u8)) {
        self.ops().push(Op::Line { x1, y1, x2, y2, rgb });
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Left-aligned text on one line with its baseline at `y` (headings and labels
    /// whose place leaves room; anything else goes through `block` or a table).
    pub fn text(&mut self, x: f32, y: f32, size: f32, face: Face, text: &str) {
        let t: String = text.chars().filter(|c| !c.is_control()).collect();
        if !t.is_empty() {
            self.ops().push(Op::Text { x, y, size, face, text: t });
        }
    }

    /// Monospaced text whose right edge is at `right` (amounts, quantities).
    pub fn right(&mut self, right: f32, y: f32, size: f32, text: &str) {
        self.right_in(right, y, size, Face::Mono, text);
    }

    fn right_in(&mut self, right: f32, y: f32, size: f32, face: Face, text: &str) {
        let w = width(face, size, text);
        self.text(right - w, y, size, face, text);
    }

    /// Text wrapped within `x .. x + max_w` from the baseline `y`, line under line;
    /// answers the baseline after the last line.
    pub fn block(&mut self, x: f32, y: f32, max_w: f32, size: f32, face: Face, text: &str) -> f32 {
        let lead = size * 1.35;
        let mut y = y;
        for line in wrap(face, size, text, max_w) {
            self.text(x, y, size, face, &line);
            y += lead;
        }
        y
    }

    /// One cell of a table row: wrapped within its column; answers its height.
    fn cell(&mut self, col: &Column, y: f32, size: f32, text: &str, lead: f32) -> f32 {
        let lines = if text.is_empty() { Vec::new() } else { wrap(col.face, size, text, col.right - col.left) };
        for (i, line) in lines.iter().enumerate() {
            let yy = y + i as f32 * lead;
            match col.align {
                Align::Left => self.text(col.left, yy, size, col.face, line),
                Align::Right => self.right_in(col.right, yy, size, col.face, line),
            }
        }
        lines.len().max(1) as f32 * lead
    }

    /// Starts a new page (with `header` on it) unless `h` more points fit on this one.
    pub fn keep(&mut self, h: f32, header: &mut dyn FnMut(&mut Sheet)) {
        if self.y + h > self.bottom() && self.y > MARGIN + 80.0 {
            self.pages.push(Vec::new());
            self.y = MARGIN;
            header(self);
        }
    }

    /// A table row: each cell wrapped in its column, the row kept whole on one page
    /// (a new page repeats `header` and the table's heads); `y` moves below it.
    pub fn row(&mut self, t: &Table, cells: &[(&str, Option<Face>)], header: &mut dyn FnMut(&mut Sheet)) {
        let lead = t.lead();
        let lines = t.cols.iter().zip(cells).map(|(c, (text, face))| wrap(face.unwrap_or(c.face), t.size, text, c.right - c.left).len()).max().unwrap_or(1);
        self.keep(lines as f32 * lead, &mut |p: &mut Sheet| {
            header(p);
            t.heads(p);
        });
        let y = self.y;
        let mut h = lead;
        for (c, (text, face)) in t.cols.iter().zip(cells) {
            let col = Column { face: face.unwrap_or(c.face), ..*c };
            h = h.max(self.cell(&col, y, t.size, text, lead));
        }
        self.y = y + h;
    }

    /// A cell spanning from the first column's left to the last's right edge (a
    /// heading or a text line inside a table).
    pub fn wide_row(&mut self, t: &Table, from: usize, text: &str, face: Face, header: &mut dyn FnMut(&mut Sheet)) {
        let (Some(first), Some(last)) = (t.cols.get(from), t.cols.last()) else { return };
        let span = Table { cols: vec![Column { left: first.left, right: last.right, align: Align::Left, face }], heads: Vec::new(), size: t.size };
        let lead = t.lead();
        let n = wrap(face, t.size, text, last.right - first.left).len();
        self.keep(n as f32 * lead, &mut |p: &mut Sheet| {
            header(p);
            t.heads(p);
        });
        let y = self.y;
        self.y = y + self.cell(&span.cols[0], y, t.size, text, lead);
    }

    pub fn rule(&mut self, y: f32) {
        let x2 = self.width - MARGIN;
        self.ops().push(Op::Rule { x1: MARGIN, x2, y });
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
        if self.y > self.bottom() {
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
        let font = |f: Face| Font::new(font_bytes(f).into(), 0).ok_or_else(|| "the shipped font could not be read".to_string());
        let (sans, bold, mono) = (font(Face::Regular)?, font(Face::Bold)?, font(Face::Mono)?);
        let mut document = Document::new();
        let (w, h) = (self.width, self.height);
        for ops in self.pages {
            let mut page = document.start_page_with(PageSettings::from_wh(w, h).ok_or("bad page size")?);
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
                    Op::Rect { x, y, w, h, rgb } => {
                        let mut pb = PathBuilder::new();
                        if let Some(r) = krilla::geom::Rect::from_xywh(x, y, w, h) {
                            pb.push_rect(r);
                        }
                        if let Some(path) = pb.finish() {
                            surface.set_fill(Some(krilla::paint::Fill {
                                paint: krilla::color::rgb::Color::new(rgb.0, rgb.1, rgb.2).into(),
                                ..Default::default()
                            }));
                            surface.draw_path(&path);
                            surface.set_fill(Some(Default::default()));
                        }
                    }
                    Op::Line { x1, y1, x2, y2, rgb } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(x1, y1);
                        pb.line_to(x2, y2);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            let paint = krilla::color::rgb::Color::new(rgb.0, rgb.1, rgb.2).into();
                            surface.set_stroke(Some(Stroke { paint, width: 0.5, ..Default::default() }));
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
    fn widths_come_from_the_glyphs() {
        // DejaVu Sans Mono: every glyph 1233/2048 em
        assert!((width(Face::Mono, 10.0, "12345") - 5.0 * 10.0 * 1233.0 / 2048.0).abs() < 0.01);
        // proportional: an i is narrower than an M, bold wider than regular
        assert!(width(Face::Regular, 10.0, "iiii") < width(Face::Regular, 10.0, "MMMM") / 2.0);
        assert!(width(Face::Bold, 10.0, "Blåbær") > width(Face::Regular, 10.0, "Blåbær"));
    }

    #[test]
    fn long_text_wraps_and_keeps_every_character() {
        let text = "Montering av 24 stk. kjøkkenskap med benkeplate i heltre eik, inkludert frakt til Tromsø og bortkjøring av emballasje";
        let lines = wrap(Face::Regular, 8.5, text, 150.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| width(Face::Regular, 8.5, l) <= 150.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        // one word wider than the column is split, nothing lost
        let word = "Donaudampfschifffahrtsgesellschaftskapitänswitwe";
        let parts = wrap(Face::Bold, 12.0, word, 80.0);
        assert!(parts.len() > 2 && parts.concat() == word, "{parts:?}");
        assert_eq!(wrap(Face::Regular, 9.0, "a\nb", 100.0), vec!["a", "b"]);
    }

    #[test]
    fn a_table_repeats_its_heads_on_each_new_page() {
        let t = Table::new(vec![Column::left(MARGIN, 300.0), Column::num(300.0, WIDTH - MARGIN)], vec!["Beskrivelse".into(), "Beløp".into()], 9.0);
        let mut s = Sheet::new();
        t.heads(&mut s);
        let long = "lang tekst ".repeat(30);
        for _ in 0..60 {
            s.row(&t, &[(&long, None), ("1 000,00", None)], &mut |p| p.text(MARGIN, MARGIN, 8.0, Face::Regular, "forts."));
        }
        assert!(s.page_count() > 3);
        for page in &s.pages {
            let heads = page.iter().filter(|op| matches!(op, Op::Text { text, .. } if text == "Beskrivelse")).count();
            assert_eq!(heads, 1, "each page has the heads once");
            assert!(page.iter().all(|op| !matches!(op, Op::Text { y, .. } if *y > HEIGHT - MARGIN)), "nothing below the foot margin");
        }
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
