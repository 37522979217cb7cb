//! A report printed (`/reports/<name>.pdf`): the company's name, the report's title and
//! period, the chart drawn from the same layout as the page's SVG, and the table — A4 on
//! its side, the column heads repeated on each page, nothing cut (long cells wrap).
use super::model::{Cell, Chart, Table};
use crate::core::{format, Lang};
use crate::print::{width, Align, Column, Face, Sheet, Table as Columns, MARGIN};

/// A cell as the page shows it in the user's language.
pub fn cell_text(c: &Cell, l: Lang) -> String {
    match c {
        Cell::Text(t) => t.clone(),
        Cell::Money(d) => format::amount(*d, l),
        Cell::Number(d) => format::number(*d, d.normalize().scale().min(2), l),
        Cell::Pct(p) => p.map(|p| format!("{} %", format::number(p, 1, l))).unwrap_or_default(),
        Cell::Empty => String::new(),
    }
}

/// The chart's scale on paper, and its colours (the page's).
const SCALE: f32 = 0.8;
const GRID: (u8, u8, u8) = (0xdd, 0xdd, 0xdd);
const NOW: (u8, u8, u8) = (0x2f, 0x6f, 0xb0);
const PREV: (u8, u8, u8) = (0xb7, 0xc7, 0xd8);

/// The chart at the sheet's `y`: the value axis' grid and ticks, each bar's label, its
/// bar, the compared value's thin bar under it and its value.
fn draw_chart(s: &mut Sheet, c: &Chart) {
    let (x0, y0) = (MARGIN, s.y);
    let at = |x: f64, y: f64| (x0 + x as f32 * SCALE, y0 + y as f32 * SCALE);
    let size = 11.0 * SCALE;
    for (x, v) in &c.ticks {
        s.line(at(*x, c.axis_y), at(*x, c.height), GRID);
        let (tx, ty) = at(*x, c.axis_y - 8.0);
        s.text(tx - width(Face::Regular, size, v) / 2.0, ty, size, Face::Regular, v);
    }
    for b in &c.bars {
        let (lx, ly) = at(c.label_w - 6.0, b.y + 10.0);
        s.text(lx - width(Face::Regular, size, &b.label), ly, size, Face::Regular, &b.label);
        let (bx, by) = at(c.label_w, b.y);
        s.rect(bx, by, b.now_w as f32 * SCALE, 12.0 * SCALE, NOW);
        let (_, py) = at(c.label_w, b.y + 13.0);
        s.rect(bx, py, b.prev_w as f32 * SCALE, 5.0 * SCALE, PREV);
        let (vx, vy) = at(c.label_w + b.now_w + 4.0, b.y + 10.0);
        s.text(vx, vy, size, Face::Regular, &b.value);
    }
    s.y = y0 + c.height as f32 * SCALE + 16.0;
}

/// The table's columns across the page: the first two (key and name) wider, the rest
/// equal; a column whose cells are text aligns left, numbers right.
fn columns(t: &Table, page_w: f32) -> Vec<Column> {
    let n = t.heads.len().max(1);
    let avail = page_w - 2.0 * MARGIN;
    let widths: Vec<f32> = if n > 2 {
        let rest = (avail - 230.0) / (n - 2) as f32;
        [70.0, 160.0].into_iter().chain(std::iter::repeat_n(rest, n - 2)).collect()
    } else {
        vec![avail / n as f32; n]
    };
    let mut left = MARGIN;
    widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let text = t.rows.first().and_then(|r| r.get(i)).is_none_or(|c| matches!(c, Cell::Text(_)));
            let col = if text { Column::left(left, left + w - 6.0) } else { Column::num(left, left + w - 4.0) };
            left += w;
            col
        })
        .collect()
}

/// The report as PDF: `company` and `title` in the head of each page, `subtitle` (the
/// period and grouping) under the first, the chart when there is one, then the table.
pub fn pdf(company: &str, title: &str, subtitle: &str, chart: Option<&Chart>, t: &Table, l: Lang) -> Result<Vec<u8>, String> {
    let mut s = Sheet::landscape();
    let head = format!("{company} · {title}");
    let mut header = |p: &mut Sheet| {
        p.text(MARGIN, MARGIN, 8.0, Face::Regular, &head);
        p.y = MARGIN + 16.0;
    };
    s.text(MARGIN, MARGIN, 9.0, Face::Regular, company);
    s.text(MARGIN, MARGIN + 20.0, 15.0, Face::Bold, title);
    s.text(MARGIN, MARGIN + 36.0, 9.0, Face::Regular, subtitle);
    s.y = MARGIN + 56.0;
    if let Some(c) = chart.filter(|c| !c.bars.is_empty()) {
        s.keep(c.height as f32 * SCALE + 16.0, &mut header);
        draw_chart(&mut s, c);
    }
    let cols = Columns::new(columns(t, s.width), t.heads.clone(), 7.5);
    s.keep(40.0, &mut header);
    cols.heads(&mut s);
    let texts = |row: &[Cell]| row.iter().map(|c| cell_text(c, l)).collect::<Vec<_>>();
    for row in &t.rows {
        let cells = texts(row);
        let cells: Vec<(&str, Option<Face>)> = cells.iter().map(|c| (c.as_str(), None)).collect();
        s.row(&cols, &cells, &mut header);
    }
    let total = texts(&t.total);
    let bold: Vec<(&str, Option<Face>)> = total.iter().zip(&cols.cols).map(|(c, col)| (c.as_str(), (col.align == Align::Left).then_some(Face::Bold))).collect();
    s.row(&cols, &bold, &mut header);
    s.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::chart;
    use rust_decimal::Decimal;

    fn table(rows: usize) -> Table {
        Table {
            title: "Kunde 2026-01–2026-12".into(),
            heads: ["Kunde", "Navn", "Netto", "DG %"].map(String::from).to_vec(),
            rows: (0..rows)
                .map(|i| {
                    vec![
                        Cell::Text(format!("{}", 10_000 + i)),
                        Cell::Text(format!("Kunde nr. {i} AS")),
                        Cell::Money(Decimal::new(123_456 + i as i64, 2)),
                        Cell::Pct(Some(Decimal::new(255, 1))),
                    ]
                })
                .collect(),
            total: vec![Cell::Empty, Cell::Text("Sum".into()), Cell::Money(Decimal::new(99, 0)), Cell::Pct(None)],
        }
    }

    #[test]
    fn cells_read_as_on_the_page() {
        let l = Lang::En;
        assert_eq!(cell_text(&Cell::Pct(Some(Decimal::new(633, 1))), l), format!("{} %", format::number(Decimal::new(633, 1), 1, l)));
        assert_eq!(cell_text(&Cell::Pct(None), l), "");
        assert_eq!(cell_text(&Cell::Money(Decimal::new(-1500, 2)), l), format::amount(Decimal::new(-1500, 2), l));
        assert_eq!(cell_text(&Cell::Number(Decimal::new(3000, 3)), l), "3");
    }

    #[test]
    fn a_long_report_runs_over_pages_with_its_chart_first() {
        let t = table(120);
        let bars: Vec<_> = t.rows.iter().take(15).map(|r| (cell_text(&r[1], Lang::En), Decimal::new(1000, 0), Decimal::new(800, 0))).collect();
        let c = chart(&bars, 15, &|d| d.to_string());
        let pdf = pdf("Blåbær AS", "Lønnsomhet", "Kunde 2026-01–2026-12", Some(&c), &t, Lang::Nb).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        if let Some(p) = std::env::var_os("FLYT_WRITE_REPORT_PDF") {
            std::fs::write(p, &pdf).unwrap();
        }
        // four columns land left to right inside the page
        let cols = columns(&t, Sheet::landscape().width);
        assert!(cols.windows(2).all(|w| w[0].right <= w[1].left + 0.01) && cols.last().unwrap().right <= Sheet::landscape().width - MARGIN);
        assert_eq!(cols.iter().map(|c| c.align).collect::<Vec<_>>(), [Align::Left, Align::Left, Align::Right, Align::Right]);
    }
}
