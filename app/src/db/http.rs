//! Calls to other systems over HTTP (the webshop, the CRM): an answer is read at most
//! `max` bytes, so a hostile or broken counterpart cannot fill the server's memory;
//! the address must be one [`super::outbound`] allows.

/// Why an answer could not be read: the other side is away (try again later), or it
/// said something a person must look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failed {
    Unavailable(String),
    Refused(String),
}

/// Sends the request and reads the answer: 429 and 5xx (and no answer) are
/// `Unavailable`; another non-success status, or more than `max` bytes, `Refused`.
/// Answers (status, headers, body).
pub async fn send_capped(req: reqwest::RequestBuilder, max: usize) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>), Failed> {
    // a refusal of the address policy is not something a retry fixes
    let mut resp = super::outbound::send(req).await.map_err(|e| match e {
        super::outbound::Failure::Refused(m) => Failed::Refused(m),
        other => Failed::Unavailable(other.to_string()),
    })?;
    let status = resp.status();
    if status.as_u16() == 429 || status.is_server_error() {
        return Err(Failed::Unavailable(format!("HTTP {status}")));
    }
    let headers = resp.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| Failed::Unavailable(e.to_string()))? {
        if body.len() + chunk.len() > max {
            return Err(Failed::Refused(format!("the answer is larger than {} MB", max / 1024 / 1024)));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, headers, body))
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Unavailable(m) => write!(f, "did not answer: {m}"),
            Failed::Refused(m) => write!(f, "refused: {m}"),
        }
    }
}
