//! The state of the quote and order line editor, apart from the page: the lines being
//! edited with a stable key each, their numbering, the amounts recomputed on every
//! edit by the domain's own `line_net`, the totals, and what is sent to the server.
//! Pure (no signals, no DOM), so the rules are unit-tested; the editor's components
//! only call these methods inside a signal update.
use rust_decimal::Decimal;

use super::lines::{line_net, totals, Line, LineInput, LineKind, Totals};
use super::model::Doc;

/// A line in the editor: a stable key for the DOM, the saved line's id when editing.
#[derive(Clone, Debug, PartialEq)]
pub struct EditLine {
    pub key: usize,
    pub id: Option<i64>,
    pub line: Line,
    pub requested_date: String,
}

/// The editor's lines, numbered 1, 2, … in their order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineEditor {
    lines: Vec<EditLine>,
    next_key: usize,
}

impl LineEditor {
    /// The lines of a saved document (none for a new one).
    pub fn of(doc: Option<&Doc>) -> Self {
        let lines: Vec<EditLine> = doc
            .map(|d| {
                d.lines
                    .iter()
                    .enumerate()
                    .map(|(k, x)| EditLine {
                        key: k,
                        id: Some(x.id),
                        line: x.line.clone(),
                        requested_date: x.requested_date.map(crate::core::date::iso).unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut e = LineEditor { next_key: lines.len(), lines };
        e.renumber();
        e
    }

    pub fn lines(&self) -> &[EditLine] {
        &self.lines
    }

    pub fn get(&self, key: usize) -> Option<&EditLine> {
        self.lines.iter().find(|e| e.key == key)
    }

    fn renumber(&mut self) {
        for (i, l) in self.lines.iter_mut().enumerate() {
            l.line.line_no = i as i64 + 1;
        }
    }

    /// Adds a line at the end (a priced item line from the server, or an empty text
    /// or heading line); answers its key.
    pub fn push(&mut self, line: Line) -> usize {
        let key = self.next_key;
        self.next_key += 1;
        self.lines.push(EditLine { key, id: None, line, requested_date: String::new() });
        self.renumber();
        key
    }

    /// Adds an empty text or heading line.
    pub fn push_text(&mut self, kind: LineKind) -> usize {
        self.push(Line { kind, ..Default::default() })
    }

    /// Changes one field of a line and recomputes its amount. A refused change (a
    /// number that does not parse) leaves the line as it was and answers why.
    pub fn edit(&mut self, key: usize, change: impl FnOnce(&mut Line) -> Result<(), String>) -> Result<(), String> {
        let Some(e) = self.lines.iter_mut().find(|e| e.key == key) else { return Ok(()) };
        let mut changed = e.line.clone();
        change(&mut changed)?;
        changed.net = if changed.kind == LineKind::Item { line_net(changed.qty, changed.unit_price, changed.discount_pct) } else { Decimal::ZERO };
        e.line = changed;
        Ok(())
    }

    /// Sets the date a line is wanted (orders).
    pub fn set_requested_date(&mut self, key: usize, date: String) {
        if let Some(e) = self.lines.iter_mut().find(|e| e.key == key) {
            e.requested_date = date;
        }
    }

    pub fn remove(&mut self, key: usize) {
        self.lines.retain(|e| e.key != key);
        self.renumber();
    }

    /// The totals as the server will compute them from the same lines.
    pub fn totals(&self) -> Totals {
        totals(&self.lines.iter().map(|e| e.line.clone()).collect::<Vec<_>>())
    }

    /// What is sent to be saved: every number explicit, so the server stores what was
    /// shown (a text or heading line carries no price).
    pub fn inputs(&self) -> Vec<LineInput> {
        self.lines
            .iter()
            .map(|e| {
                let l = &e.line;
                let item = l.kind == LineKind::Item;
                LineInput {
                    id: e.id,
                    kind: l.kind,
                    item_no: l.item_no.clone(),
                    description: l.description.clone(),
                    qty: l.qty,
                    unit_price: item.then_some(l.unit_price),
                    discount_pct: item.then_some(l.discount_pct),
                    vat_code: l.vat_code.clone(),
                    requested_date: e.requested_date.clone(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn item(no: &str, qty: &str, price: &str) -> Line {
        Line {
            kind: LineKind::Item,
            item_no: no.into(),
            qty: d(qty),
            unit_price: d(price),
            vat_code: "3".into(),
            vat_rate: d("25"),
            net: line_net(d(qty), d(price), Decimal::ZERO),
            ..Default::default()
        }
    }

    #[test]
    fn lines_are_numbered_in_order_after_adding_and_removing() {
        let mut e = LineEditor::default();
        let a = e.push(item("1001", "1", "100"));
        let h = e.push_text(LineKind::Heading);
        let b = e.push(item("1002", "2", "50"));
        assert_eq!(e.lines().iter().map(|l| l.line.line_no).collect::<Vec<_>>(), vec![1, 2, 3]);
        e.remove(h);
        assert_eq!(e.lines().iter().map(|l| (l.key, l.line.line_no)).collect::<Vec<_>>(), vec![(a, 1), (b, 2)]);
        // a key is never given twice, so the DOM keeps each row's inputs
        let c = e.push(item("1003", "1", "1"));
        assert!(c != a && c != b && c != h);
    }

    #[test]
    fn an_edit_recomputes_the_amount_and_the_totals() {
        let mut e = LineEditor::default();
        let k = e.push(item("1001", "2", "100"));
        assert_eq!(e.totals().net, d("200"));
        e.edit(k, |l| {
            l.qty = d("3");
            l.discount_pct = d("10");
            Ok(())
        })
        .unwrap();
        assert_eq!(e.get(k).unwrap().line.net, d("270.00"));
        let t = e.totals();
        assert_eq!((t.net, t.gross), (d("270.00"), d("337.50")));
    }

    #[test]
    fn a_refused_edit_leaves_the_line_as_it_was() {
        let mut e = LineEditor::default();
        let k = e.push(item("1001", "2", "100"));
        let before = e.clone();
        let r = e.edit(k, |l| {
            l.qty = d("99");
            Err("Quantity: 'x' is not a number".into())
        });
        assert_eq!(r, Err("Quantity: 'x' is not a number".into()));
        assert_eq!(e, before);
    }

    #[test]
    fn text_lines_carry_no_amount_and_send_no_price() {
        let mut e = LineEditor::default();
        let t = e.push_text(LineKind::Text);
        e.edit(t, |l| {
            l.description = "Delivered to the back door".into();
            l.unit_price = d("5");
            Ok(())
        })
        .unwrap();
        assert_eq!(e.get(t).unwrap().line.net, Decimal::ZERO);
        let sent = e.inputs();
        assert_eq!(sent[0].unit_price, None);
        assert_eq!(sent[0].discount_pct, None);
        assert_eq!(sent[0].description, "Delivered to the back door");
    }

    #[test]
    fn a_saved_document_keeps_its_line_ids_and_dates() {
        let mut doc = Doc::default();
        doc.lines.push(crate::core::document::DocLine {
            id: 41,
            line: item("1001", "1", "10"),
            requested_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 24),
            ..Default::default()
        });
        let mut e = LineEditor::of(Some(&doc));
        let k = e.lines()[0].key;
        e.set_requested_date(k, "2026-12-27".into());
        let added = e.push(item("1002", "1", "5"));
        let sent = e.inputs();
        assert_eq!((sent[0].id, sent[0].requested_date.as_str()), (Some(41), "2026-12-27"));
        assert_eq!((sent[1].id, sent[0].unit_price), (None, Some(d("10"))));
        assert_ne!(added, k);
    }
}
