//! Secrets Flyt must be able to read back — the passwords it logs in to a company's
//! CRM, shop and SMTP server with, and the webhooks' signing secrets — are stored
//! sealed (ChaCha20-Poly1305), with a key that is not in the database: a copy of the
//! database (a backup, a dump) does not give them away. Each value is bound to its
//! company and column, so a sealed value copied to another company's row does not open.
//!
//! The key: `FLYT_SECRET_KEY` (64 hex digits; the same on every app server of one
//! PostgreSQL database), else the file `FLYT_SECRET_KEY_FILE`, else — on SQLite — the
//! file beside the database (`<database>.key`, made on first start, readable by its owner
//! only). At start every secret still stored in clear (from before) is sealed, and every
//! sealed one must open: a server started with another key stops with a message instead
//! of failing at its first login elsewhere.
use std::sync::OnceLock;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};

use super::{db_err, Db};
use crate::error::{AppError, AppResult};

const PREFIX: &str = "sealed1:";
pub const KEY_VAR: &str = "FLYT_SECRET_KEY";
pub const KEY_FILE_VAR: &str = "FLYT_SECRET_KEY_FILE";

/// The stored secrets: (table, key column, company column, secret column).
const STORED: [(&str, &str, &str, &str); 4] = [
    ("companies", "id", "id", "smtp_password"),
    ("crm_connections", "company_id", "company_id", "secret"),
    ("webshops", "company_id", "company_id", "secret"),
    ("webhooks", "id", "company_id", "secret"),
];

static KEY: OnceLock<[u8; 32]> = OnceLock::new();

fn hex_key(text: &str, from: &str) -> Result<[u8; 32], String> {
    let t = text.trim();
    let bad = || format!("{from}: the key must be 64 hex digits (make one with `openssl rand -hex 32`)");
    if t.len() != 64 || !t.is_ascii() {
        return Err(bad());
    }
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&t[i * 2..i * 2 + 2], 16).map_err(|_| bad())?;
    }
    Ok(key)
}

/// The key file's text: read, or made when it does not exist (owner-only).
fn key_file(path: &std::path::Path) -> Result<[u8; 32], String> {
    match std::fs::read_to_string(path) {
        Ok(text) => hex_key(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use rand::RngCore;
            use std::io::Write;
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            let mut o = std::fs::OpenOptions::new();
            o.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            let mut f = o.open(path).map_err(|e| format!("cannot make the key file {}: {e}", path.display()))?;
            let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
            f.write_all(format!("{hex}\n").as_bytes()).and_then(|_| f.sync_all()).map_err(|e| format!("cannot write the key file {}: {e}", path.display()))?;
            tracing::info!("made the secret key file {} (keep it with, but apart from, the database's backups)", path.display());
            Ok(key)
        }
        Err(e) => Err(format!("cannot read the key file {}: {e}", path.display())),
    }
}

/// Where the key comes from for the database at `url` (see the module's text).
fn load(url: &str) -> Result<[u8; 32], String> {
    if let Some(k) = std::env::var(KEY_VAR).ok().filter(|k| !k.trim().is_empty()) {
        return hex_key(&k, KEY_VAR);
    }
    if let Some(f) = std::env::var_os(KEY_FILE_VAR).filter(|f| !f.is_empty()) {
        return key_file(std::path::Path::new(&f));
    }
    let sqlite = super::normalise_url(url)?;
    match sqlite.strip_prefix("sqlite://") {
        Some(rest) => key_file(std::path::Path::new(&format!("{}.key", rest.split('?').next().unwrap_or(rest)))),
        None => {
            Err(format!("set {KEY_VAR} (64 hex digits, the same on every app server; `openssl rand -hex 32`) or {KEY_FILE_VAR}: secrets are stored sealed"))
        }
    }
}

/// Takes the key for the database at `url`, seals what is still stored in clear and
/// checks that every sealed secret opens with it. Called once when the database is opened.
pub async fn init(db: &Db, url: &str) -> Result<(), String> {
    let key = load(url)?;
    if let Some(k) = KEY.get() {
        if *k != key {
            return Err("this process already uses another secret key".into());
        }
    }
    let _ = KEY.set(key);
    let sealed = seal_stored(db).await.map_err(|e| match e {
        AppError::Internal(m) => m,
        other => other.to_string(),
    })?;
    if sealed > 0 {
        tracing::info!("sealed {sealed} secrets that were stored in clear");
    }
    Ok(())
}

/// Sets the key of a process that opens its databases without [`init`] (the app's
/// database tests); a key already set stays.
pub fn use_key(key: [u8; 32]) {
    let _ = KEY.set(key);
}

fn key() -> AppResult<LessSafeKey> {
    let bytes = match KEY.get() {
        Some(k) => *k,
        // a process that never opened the database through `init` (a benchmark) takes the
        // key from the environment
        None => *KEY.get_or_init(|| std::env::var(KEY_VAR).ok().and_then(|k| hex_key(&k, KEY_VAR).ok()).unwrap_or([0; 32])),
    };
    if bytes == [0; 32] {
        return Err(AppError::Internal(format!("no secret key: set {KEY_VAR}")));
    }
    Ok(LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &bytes).map_err(|_| AppError::Internal("secret key".into()))?))
}

fn aad(company_id: i64, what: &str) -> String {
    format!("{company_id}/{what}")
}

/// Seals `clear` for the company's `what` (`table.column`); empty stays empty.
pub fn seal(company_id: i64, what: &str, clear: &str) -> AppResult<String> {
    if clear.is_empty() {
        return Ok(String::new());
    }
    use base64::Engine;
    use rand::RngCore;
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let mut buf = clear.as_bytes().to_vec();
    key()?
        .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad(company_id, what).as_bytes()), &mut buf)
        .map_err(|_| AppError::Internal("sealing a secret failed".into()))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&buf);
    Ok(format!("{PREFIX}{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)))
}

/// Opens a stored secret; one still in clear (not yet sealed at start) is answered as it is.
pub fn open(company_id: i64, what: &str, stored: &str) -> AppResult<String> {
    let Some(text) = stored.strip_prefix(PREFIX) else { return Ok(stored.to_string()) };
    use base64::Engine;
    let wrong = || AppError::Internal(format!("a stored secret ({what}) does not open with this server's key: is {KEY_VAR} the key it was sealed with?"));
    let mut bytes = base64::engine::general_purpose::STANDARD_NO_PAD.decode(text).map_err(|_| wrong())?;
    if bytes.len() < NONCE_LEN {
        return Err(wrong());
    }
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&bytes[..NONCE_LEN]);
    let body = &mut bytes[NONCE_LEN..];
    let clear = key()?.open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad(company_id, what).as_bytes()), body).map_err(|_| wrong())?;
    String::from_utf8(clear.to_vec()).map_err(|_| wrong())
}

/// Seals every secret still stored in clear and opens every sealed one (a wrong key is
/// said here); answers how many were sealed.
async fn seal_stored(db: &Db) -> AppResult<usize> {
    let mut sealed = 0;
    for (table, id, company, column) in STORED {
        let what = format!("{table}.{column}");
        let rows: Vec<(i64, i64, String)> =
            sqlx::query_as(&format!("SELECT {id}, {company}, {column} FROM {table} WHERE {column} <> ''")).fetch_all(&db.pool).await.map_err(db_err)?;
        for (key_id, company_id, stored) in rows {
            if stored.starts_with(PREFIX) {
                open(company_id, &what, &stored)?;
                continue;
            }
            let s = seal(company_id, &what, &stored)?;
            sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE {id} = $2 AND {column} = $3"))
                .bind(s)
                .bind(key_id)
                .bind(&stored)
                .execute(&db.pool)
                .await
                .map_err(db_err)?;
            sealed += 1;
        }
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_open_only_for_their_company_and_column() {
        let _ = KEY.set([7; 32]);
        let s = seal(3, "crm_connections.secret", "admin-passord").unwrap();
        assert!(s.starts_with(PREFIX) && !s.contains("admin-passord"), "{s}");
        assert_ne!(s, seal(3, "crm_connections.secret", "admin-passord").unwrap(), "a fresh nonce each time");
        assert_eq!(open(3, "crm_connections.secret", &s).unwrap(), "admin-passord");
        assert!(open(4, "crm_connections.secret", &s).unwrap_err().to_string().contains(KEY_VAR), "another company's row");
        assert!(open(3, "webshops.secret", &s).is_err(), "another column");
        let mut tampered = s.clone();
        tampered.pop();
        tampered.push(if s.ends_with('A') { 'B' } else { 'A' });
        assert!(open(3, "crm_connections.secret", &tampered).is_err());
        assert_eq!(open(3, "x", "klartekst").unwrap(), "klartekst", "a value from before sealing reads as it is");
        assert_eq!(seal(3, "x", "").unwrap(), "");
    }

    #[test]
    fn keys_are_64_hex_digits() {
        assert_eq!(hex_key(&"0f".repeat(32), "k").unwrap(), [15; 32]);
        for bad in ["", "abc", &"zz".repeat(32), &"0f".repeat(33), &"é".repeat(32)] {
            assert!(hex_key(bad, "k").unwrap_err().contains("64 hex digits"), "{bad}");
        }
    }

    #[test]
    fn a_key_file_is_made_once_for_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("flyt.db.key");
        let k = key_file(&f).unwrap();
        assert_eq!(key_file(&f).unwrap(), k, "read back, not made again");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&f, "kort").unwrap();
        assert!(key_file(&f).unwrap_err().contains("64 hex digits"));
    }
}
