//! Sending messages (SMS now; e-mail and WhatsApp later) behind one trait, so a provider can be
//! plugged in without touching the features that send.
use crate::db::{now_unix, Db};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub channel: &'static str,
    pub recipient: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("provider: {0}")]
    Provider(String),
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), NotifyError>> + Send + 'a>>;

/// Delivers messages. Every message is also written to the outbox table by [`send`], whatever
/// the notifier does, so there is a record of what was sent.
pub trait Notifier: Send + Sync + std::fmt::Debug {
    fn deliver<'a>(&'a self, message: &'a Message) -> SendFuture<'a>;
}

/// Development and tests: delivers nowhere but the log (the outbox page shows the messages).
/// No SMS provider is reachable from the development machines.
#[derive(Debug, Default)]
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn deliver<'a>(&'a self, message: &'a Message) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(channel = message.channel, recipient = %message.recipient, body = %message.body, "message (development: not sent)");
            Ok(())
        })
    }
}

/// The notifier of the running server, provided through Leptos context.
#[derive(Clone, Debug)]
pub struct Notify(pub Arc<dyn Notifier>);

impl Default for Notify {
    fn default() -> Self {
        Notify(Arc::new(LogNotifier))
    }
}

/// Records the message in the outbox, then delivers it.
pub async fn send(db: &Db, notifier: &dyn Notifier, message: Message) -> Result<(), NotifyError> {
    sqlx::query(
        "INSERT INTO outbox (channel, recipient, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(message.channel)
    .bind(&message.recipient)
    .bind(&message.body)
    .bind(now_unix())
    .execute(&db.pool)
    .await?;
    notifier.deliver(&message).await
}

/// The newest messages, for the development outbox page.
pub async fn latest(
    db: &Db,
    limit: i64,
) -> Result<Vec<(String, String, String, i64)>, sqlx::Error> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT channel, recipient, body, created_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("channel")?,
                r.try_get("recipient")?,
                r.try_get("body")?,
                r.try_get("created_at")?,
            ))
        })
        .collect()
}
