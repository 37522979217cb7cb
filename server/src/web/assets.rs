//! The built site's static files (`/pkg`: the WASM, its JS glue and the CSS) as a
//! phone should get them: precompressed (brotli and gzip files written beside the
//! originals once, chosen by `Accept-Encoding`), and cached for a year when their
//! names carry a content hash (cargo-leptos `hash-files`), else revalidated.
use std::io::Write;
use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;

/// Files worth compressing.
fn compressible(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css" | "svg" | "json"))
}

/// brotli (quality 11) and gzip (best) of `bytes`.
pub fn compress(bytes: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes).expect("in memory");
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("in memory");
    (br, gz.finish().expect("in memory"))
}

/// Writes `F.br` and `F.gz` beside each compressible file of `dir` that lacks them or
/// has older ones. Each is written to a temporary name and renamed, so a server never
/// sends half a file. Answers how many files were compressed.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(0) };
    for e in entries.flatten() {
        let p = e.path();
        if !p.is_file() || !compressible(&p) {
            continue;
        }
        let modified = e.metadata()?.modified()?;
        let fresh = |ext: &str| std::fs::metadata(with_ext(&p, ext)).and_then(|m| m.modified()).is_ok_and(|t| t >= modified);
        if fresh("br") && fresh("gz") {
            continue;
        }
        let (br, gz) = compress(&std::fs::read(&p)?);
        for (ext, bytes) in [("br", br), ("gz", gz)] {
            let tmp = with_ext(&p, &format!("{ext}.tmp"));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, with_ext(&p, ext))?;
        }
        n += 1;
    }
    Ok(n)
}

fn with_ext(p: &Path, ext: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// The `/pkg` service: precompressed files when the client takes them, and the cache
/// policy that fits the names.
pub fn pkg_service<S: Clone + Send + Sync + 'static>(site_root: &str, pkg_dir: &str, hashed: bool) -> Router<S> {
    let dir = Path::new(site_root).join(pkg_dir);
    let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    let serve = ServeDir::new(&dir).precompressed_br().precompressed_gzip();
    // compress in the background what the build did not (the first requests get the
    // plain files meanwhile)
    std::thread::spawn(move || match precompress(&dir) {
        Ok(0) => {}
        Ok(n) => tracing::info!("precompressed {n} static files in {}", dir.display()),
        Err(e) => tracing::warn!("cannot precompress the static files in {}: {e}", dir.display()),
    });
    // only files found are cached: a 404 (an old page asking for a file of the build
    // before) must be asked again
    Router::new().nest_service(&format!("/{pkg_dir}"), serve).layer(axum::middleware::map_response(move |mut resp: axum::response::Response| async move {
        let value = if resp.status().is_success() || resp.status() == axum::http::StatusCode::NOT_MODIFIED { cache } else { "no-store" };
        resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        resp
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompressed_files_decode_to_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("flyt.abc.wasm"), &wasm).unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 1);
        assert_eq!(precompress(dir.path()).unwrap(), 0, "fresh files are not compressed again");
        let br = std::fs::read(dir.path().join("flyt.abc.wasm.br")).unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut brotli::Decompressor::new(&br[..], 4096), &mut out).unwrap();
        assert_eq!(out, wasm);
        let gz = std::fs::read(dir.path().join("flyt.abc.wasm.gz")).unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).unwrap();
        assert_eq!(out, wasm);
        assert!(br.len() < wasm.len() / 10);
        assert!(!dir.path().join("notes.txt.br").exists());
    }
}
