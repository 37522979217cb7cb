//! Group commit on SQLite. With `synchronous=FULL` every COMMIT waits for the disk,
//! and one writer at a time can commit, so postings from many users queue behind
//! each other's disk waits. Here the process has one writer connection; a posting
//! runs inside a SAVEPOINT of the transaction open on it, and when it is done it
//! lets the next posting in and waits for the COMMIT, which a flusher makes once
//! the postings that queued meanwhile are done too: one disk wait for the group.
//!
//! What a posting sees is unchanged: `commit` returns only when its writes are
//! durable (or fails, and then nothing of it is written); a posting that fails or is
//! dropped is rolled back to its savepoint and leaves the others of its group alone;
//! and each posting sees the writes of those before it, as it would one after another.
use std::sync::Arc;

use sqlx::{AnyConnection, AnyPool, Executor};
use tokio::sync::{watch, Mutex, OwnedMutexGuard};

/// The gate every SQLite posting of the process passes, in the order they came.
pub(crate) type Gate = Arc<Mutex<Writer>>;

/// A posting in progress: it holds the gate until it commits or is dropped.
pub(crate) type Member = OwnedMutexGuard<Writer>;

/// The writer connection and the transaction open on it, if any.
#[derive(Default)]
pub(crate) struct Writer {
    conn: Option<AnyConnection>,
    /// The open transaction: finished postings wait on it for the COMMIT's outcome.
    group: Option<watch::Sender<Option<Result<(), String>>>>,
    /// A posting began and neither committed nor was rolled back (it was dropped on
    /// an error or cancelled): whoever holds the gate next rolls it back first.
    member_open: bool,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").field("open", &self.group.is_some()).field("member_open", &self.member_open).finish()
    }
}

// Savepoints are not released: COMMIT ends them all, and ROLLBACK TO undoes only
// the newest of the name, the failed posting's (a RELEASE would be one more round
// trip to the writer inside the gate per posting).
const SAVEPOINT: &str = "SAVEPOINT flyt_posting";
const ROLLBACK_TO: &str = "ROLLBACK TO flyt_posting";

impl Writer {
    pub(crate) fn conn(&self) -> &AnyConnection {
        self.conn.as_ref().expect("a member's writer has a connection")
    }

    pub(crate) fn conn_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect("a member's writer has a connection")
    }

    /// Rolls back a posting that was left unfinished. If that fails the transaction
    /// is in an unknown state: the whole group fails.
    async fn clean(&mut self) {
        if !self.member_open {
            return;
        }
        self.member_open = false;
        if self.conn_mut().execute(ROLLBACK_TO).await.is_err() {
            self.end_group(Err("a posting of the group could not be rolled back".into())).await;
        }
    }

    /// Commits the open transaction, if any, and tells its postings how it went.
    async fn flush(&mut self) {
        self.clean().await;
        if self.group.is_some() {
            let done = match self.conn.as_mut() {
                Some(c) => c.execute("COMMIT").await.map(|_| ()).map_err(|e| e.to_string()),
                None => Err("the writer connection was lost".into()),
            };
            self.end_group(done).await;
        }
    }

    /// Ends the group with this outcome. On failure the connection is closed, which
    /// rolls back whatever the transaction holds; the next posting opens a new one.
    async fn end_group(&mut self, done: Result<(), String>) {
        if done.is_err() {
            if let Some(mut c) = self.conn.take() {
                let _ = c.execute("ROLLBACK").await;
            }
        }
        if let Some(group) = self.group.take() {
            group.send_replace(Some(done));
        }
    }
}

/// Starts a posting: waits for the gate, opens the group's transaction if none is
/// open (and a flusher to commit it), and sets the posting's savepoint.
pub(crate) async fn begin(gate: &Gate, pool: &AnyPool) -> Result<Member, sqlx::Error> {
    let mut w = gate.clone().lock_owned().await;
    w.clean().await;
    if w.group.is_none() {
        open(&mut w, pool).await?;
        w.group = Some(watch::channel(None).0);
        // The gate is fair: the flusher gets it after the postings already waiting,
        // so they join this group, and postings that come later form the next one.
        let gate = gate.clone();
        tokio::spawn(async move { gate.lock_owned().await.flush().await });
    }
    // Marked open only once the savepoint exists: a posting cancelled while its
    // SAVEPOINT was in flight leaves at most an empty savepoint, which COMMIT ends.
    if let Err(e) = w.conn_mut().execute(SAVEPOINT).await {
        w.end_group(Err(e.to_string())).await;
        return Err(e);
    }
    w.member_open = true;
    Ok(w)
}

/// Opens the group's transaction. A connection that cannot begin one (say, a
/// posting was cancelled while its BEGIN was in flight, so one is already open,
/// empty) is closed and a fresh one tried once.
async fn open(w: &mut Writer, pool: &AnyPool) -> Result<(), sqlx::Error> {
    if try_begin(w, pool).await.is_ok() {
        return Ok(());
    }
    try_begin(w, pool).await
}

async fn try_begin(w: &mut Writer, pool: &AnyPool) -> Result<(), sqlx::Error> {
    if w.conn.is_none() {
        w.conn = Some(pool.acquire().await?.detach());
    }
    let begun = w.conn_mut().execute("BEGIN IMMEDIATE").await;
    if begun.is_err() {
        w.conn = None;
    }
    begun.map(|_| ())
}

/// Finishes a posting: lets the next posting in and returns once the group's
/// COMMIT is durable.
pub(crate) async fn commit(mut w: Member) -> Result<(), sqlx::Error> {
    w.member_open = false;
    let mut done = w.group.as_ref().expect("a member is in a group").subscribe();
    drop(w);
    let outcome = done.wait_for(Option::is_some).await.map(|v| v.clone());
    match outcome {
        Ok(Some(Ok(()))) => Ok(()),
        Ok(Some(Err(e))) => Err(sqlx::Error::Protocol(format!("the commit of this posting's group failed: {e}"))),
        _ => Err(sqlx::Error::Protocol("the database closed before this posting was committed".into())),
    }
}
