//! The in-memory trigram index behind the similar-name search: one per company and
//! process, loaded on first use and kept in step with the database by the party
//! change counter (see migration 0008). The database stays the only truth; the
//! index is a cache any app server can rebuild, and each search first asks the
//! database whether anything changed (one indexed read), then loads only that.
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use super::similar;
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// How many of the parties sharing the most trigrams are scored.
const SCORED: usize = 300;

#[derive(Default)]
struct Slot {
    id: i64,
    key: String,
    version: i64,
}

#[derive(Default)]
struct Index {
    version: i64,
    slots: Vec<Slot>,
    slot_of: HashMap<i64, u32>,
    postings: HashMap<String, Vec<u32>>,
}

impl Index {
    /// Adds or replaces a party's name; an older row than the one held is ignored
    /// (two refreshes may race).
    fn apply(&mut self, id: i64, key: String, version: i64) {
        match self.slot_of.get(&id).copied() {
            Some(s) => {
                let slot = &mut self.slots[s as usize];
                if slot.version >= version {
                    return;
                }
                slot.version = version;
                if slot.key == key {
                    return;
                }
                for g in similar::trigrams(&slot.key) {
                    if let Some(p) = self.postings.get_mut(&g) {
                        p.retain(|x| *x != s);
                    }
                }
                slot.key = key.clone();
                for g in similar::trigrams(&key) {
                    self.postings.entry(g).or_default().push(s);
                }
            }
            None => {
                let s = self.slots.len() as u32;
                for g in similar::trigrams(&key) {
                    self.postings.entry(g).or_default().push(s);
                }
                self.slots.push(Slot { id, key, version });
                self.slot_of.insert(id, s);
            }
        }
    }

    /// Parties whose name key scores at least `SIMILAR_FROM` against `key`: the
    /// ones sharing the most trigrams are scored, best first.
    fn search(&self, key: &str) -> Vec<(i64, i64)> {
        let grams = similar::trigrams(key);
        if grams.is_empty() {
            return Vec::new();
        }
        let mut shared = vec![0u16; self.slots.len()];
        let mut touched: Vec<u32> = Vec::new();
        for g in &grams {
            for &s in self.postings.get(g).map(Vec::as_slice).unwrap_or(&[]) {
                if shared[s as usize] == 0 {
                    touched.push(s);
                }
                shared[s as usize] += 1;
            }
        }
        // a name sharing too few trigrams cannot reach the threshold by trigrams,
        // and Jaro-Winkler needs most characters in place; keep the best ones
        touched.sort_unstable_by(|a, b| shared[*b as usize].cmp(&shared[*a as usize]).then(a.cmp(b)));
        touched.truncate(SCORED);
        let mut out: Vec<(i64, i64)> = touched
            .into_iter()
            .filter_map(|s| {
                let slot = &self.slots[s as usize];
                let score = similar::score(key, &slot.key);
                (score >= similar::SIMILAR_FROM).then_some((slot.id, score))
            })
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

static INDEXES: LazyLock<Mutex<HashMap<(u64, i64), Index>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn poisoned<T>(_: T) -> AppError {
    AppError::Internal("the name index lock is poisoned".into())
}

/// Brings the company's index up to date with the database: one read of the change
/// counter, and the changed parties when it moved.
async fn refresh(db: &Db, company_id: i64) -> AppResult<()> {
    let current = super::store::party_version(&db.pool, company_id).await?;
    let held = INDEXES.lock().map_err(poisoned)?.get(&(db.instance, company_id)).map(|i| i.version).unwrap_or(-1);
    if held >= current {
        return Ok(());
    }
    let rows = super::store::name_keys_after(&db.pool, company_id, held).await?;
    let mut all = INDEXES.lock().map_err(poisoned)?;
    let index = all.entry((db.instance, company_id)).or_default();
    let mut top = current;
    for (id, key, version) in rows {
        top = top.max(version);
        index.apply(id, key, version);
    }
    index.version = index.version.max(top);
    Ok(())
}

/// (party id, score) of the parties whose name is similar to the name key, best first.
pub async fn similar_names(db: &Db, company_id: i64, key: &str) -> AppResult<Vec<(i64, i64)>> {
    refresh(db, company_id).await?;
    let all = INDEXES.lock().map_err(poisoned)?;
    Ok(all.get(&(db.instance, company_id)).map(|i| i.search(key)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_and_stale_rows() {
        let mut i = Index::default();
        i.apply(1, similar::name_key("Fjellheim Bygg AS"), 1);
        i.apply(2, similar::name_key("Bergen Rør og Sveis AS"), 2);
        assert_eq!(i.search(&similar::name_key("Fjellhiem Bygg")).first().map(|x| x.0), Some(1));
        // renamed: found by the new name only
        i.apply(1, similar::name_key("Sjøkanten Kafé AS"), 3);
        assert!(i.search(&similar::name_key("Fjellheim Bygg")).is_empty());
        assert_eq!(i.search(&similar::name_key("Sjokanten Kafe")).first().map(|x| x.0), Some(1));
        // an older copy of the row (a racing refresh) changes nothing
        i.apply(1, similar::name_key("Fjellheim Bygg AS"), 1);
        assert_eq!(i.search(&similar::name_key("Sjokanten Kafe")).first().map(|x| x.0), Some(1));
        assert!(i.search(&similar::name_key("Helt Annet Navn")).is_empty());
    }
}
