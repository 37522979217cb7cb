//! One error type for every server function and API route: a status code and a
//! message a user can act on.
use http::StatusCode;
use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Please log in")]
    Unauthenticated,
    /// A credential that was good and is no more (an expired API token): 401 with why.
    #[error("{0}")]
    Expired(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// Bad input; the message says what to change.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("Something went wrong on the server; nothing was saved. Please try again. ({0})")]
    Internal(String),
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    pub fn invalid(msg: impl Into<String>) -> Self {
        AppError::Invalid(msg.into())
    }
    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound(what.into())
    }
    pub fn forbidden() -> Self {
        AppError::Forbidden("Your role does not allow this".into())
    }
    /// The same error, its message prefixed with the line of an imported file.
    pub fn at_line(self, line: usize) -> Self {
        let at = |m: String| format!("Line {line}: {m}");
        match self {
            AppError::Forbidden(m) => AppError::Forbidden(at(m)),
            AppError::NotFound(m) => AppError::NotFound(at(m)),
            AppError::Invalid(m) => AppError::Invalid(at(m)),
            AppError::Conflict(m) => AppError::Conflict(at(m)),
            AppError::Internal(m) => AppError::Internal(at(m)),
            other => other,
        }
    }
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated | AppError::Expired(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::ServerFn(ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_)) => StatusCode::BAD_REQUEST,
            AppError::ServerFn(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => AppError::Invalid(format!("The form could not be read: {m}")),
            other => AppError::ServerFn(other),
        }
    }
}

impl From<String> for AppError {
    fn from(msg: String) -> Self {
        AppError::Invalid(msg)
    }
}

pub type AppResult<T> = Result<T, AppError>;
