//! `AppError`: the one error type that crosses the wire.
//!
//! Internal causes are logged once where they happen (see the `From` impls) and never sent
//! to the browser: the client only learns *what kind* of failure it was.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A field that failed validation, with a message key the view translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    #[error("conflict: {0}")]
    Conflict(String),
    /// Too many attempts; try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests(i64),
    #[error("internal error")]
    Internal,
    /// The request never reached our code, or its answer could not be read.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// One validation error listing every field problem in `errors` (`None` when there are
    /// none); another kind of error among them wins as it is.
    pub fn all(errors: Vec<AppError>) -> Option<AppError> {
        let mut fields = Vec::new();
        for e in errors {
            match e {
                AppError::Validation(list) => fields.extend(list),
                other => return Some(other),
            }
        }
        (!fields.is_empty()).then_some(AppError::Validation(fields))
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        // Lookups use `fetch_optional` and say NotFound themselves; anything else is ours.
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
