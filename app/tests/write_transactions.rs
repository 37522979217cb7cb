//! The write transaction's contract, on SQLite (where postings of concurrent users
//! share a group commit) and on PostgreSQL: a posting that commits is durable and
//! visible to every connection when `commit` returns; one that fails, is dropped or
//! is cancelled leaves nothing behind and takes nothing of the others with it; and
//! read-then-write postings never lose each other's updates.
mod common;

use std::time::Duration;

use app::db::Db;

async fn table(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    sqlx::query("CREATE TABLE t_rows (k BIGINT PRIMARY KEY)").execute(&mut *tx).await.unwrap();
    sqlx::query("CREATE TABLE t_counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)").execute(&mut *tx).await.unwrap();
    sqlx::query("INSERT INTO t_counter (id, n) VALUES (1, 0)").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

async fn rows(db: &Db) -> Vec<i64> {
    sqlx::query_scalar("SELECT k FROM t_rows ORDER BY k").fetch_all(&db.pool).await.unwrap()
}

/// Posting `i` inserts row `i`, then: commits (i % 4 == 0 or 3), fails on a unique
/// violation and is dropped (1), or is dropped without a word (2).
async fn posting(db: Db, i: i64) -> Result<(), String> {
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    sqlx::query("INSERT INTO t_rows (k) VALUES ($1)").bind(i).execute(&mut *tx).await.map_err(|e| e.to_string())?;
    tokio::task::yield_now().await;
    match i % 4 {
        1 => {
            sqlx::query("INSERT INTO t_rows (k) VALUES ($1)").bind(i).execute(&mut *tx).await.map_err(|e| e.to_string())?;
            unreachable!("the second insert of the same key fails")
        }
        2 => Err("given up".into()),
        _ => {
            tx.commit().await.map_err(|e| e.to_string())?;
            // durable and visible to another connection the moment commit returns
            let seen: Option<i64> = sqlx::query_scalar("SELECT k FROM t_rows WHERE k = $1").bind(i).fetch_optional(&db.pool).await.unwrap();
            assert_eq!(seen, Some(i), "posting {i} is visible once committed");
            Ok(())
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_postings_commit_or_fail_alone() {
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = common::fresh(backend).await else { continue };
        table(&db).await;
        let tasks: Vec<_> = (0..96).map(|i| tokio::spawn(posting(db.clone(), i))).collect();
        let mut failed = Vec::new();
        for (i, t) in tasks.into_iter().enumerate() {
            if t.await.unwrap().is_err() {
                failed.push(i as i64);
            }
        }
        let want: Vec<i64> = (0..96).filter(|i| i % 4 == 0 || i % 4 == 3).collect();
        assert_eq!(rows(&db).await, want, "{backend}: exactly the committed postings are written");
        assert_eq!(failed, (0..96).filter(|i| i % 4 == 1 || i % 4 == 2).collect::<Vec<_>>(), "{backend}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancelled_posting_leaves_nothing_and_blocks_nobody() {
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = common::fresh(backend).await else { continue };
        table(&db).await;
        let (started, mut is_started) = tokio::sync::mpsc::channel(1);
        let stuck = {
            let db = db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                sqlx::query("INSERT INTO t_rows (k) VALUES (1)").execute(&mut *tx).await.unwrap();
                started.send(()).await.unwrap();
                tokio::time::sleep(Duration::from_secs(3600)).await;
                tx.commit().await.unwrap();
            })
        };
        is_started.recv().await.unwrap();
        // on SQLite others queue behind it (one writer) until it is cancelled
        let after = tokio::spawn(posting(db.clone(), 2 * 4));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(backend != "sqlite" || !after.is_finished(), "{backend}: a posting waits for the one before it");
        stuck.abort();
        let _ = stuck.await;
        tokio::time::timeout(Duration::from_secs(20), after).await.expect("the next posting goes on").unwrap().unwrap();
        assert_eq!(rows(&db).await, vec![8], "{backend}: nothing of the cancelled posting");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn read_then_write_postings_lose_no_update() {
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = common::fresh(backend).await else { continue };
        table(&db).await;
        let tasks: Vec<_> = (0..64)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut tx = db.begin().await.unwrap();
                    let lock = if db.backend == app::db::Backend::Postgres { " FOR UPDATE" } else { "" };
                    let n: i64 = sqlx::query_scalar(&format!("SELECT n FROM t_counter WHERE id = 1{lock}")).fetch_one(&mut *tx).await.unwrap();
                    tokio::task::yield_now().await;
                    sqlx::query("UPDATE t_counter SET n = $1 WHERE id = 1").bind(n + 1).execute(&mut *tx).await.unwrap();
                    // every fifth reads, writes and then fails: it changes nothing
                    if i % 5 != 0 {
                        tx.commit().await.unwrap();
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let n: i64 = sqlx::query_scalar("SELECT n FROM t_counter WHERE id = 1").fetch_one(&db.pool).await.unwrap();
        assert_eq!(n, (0..64).filter(|i| i % 5 != 0).count() as i64, "{backend}: every committed increment counts, no failed one does");
    }
}

/// Postings cancelled at any point (waiting for the gate, between their statements
/// or waiting for the commit) never make another posting fail; a posting that
/// reported success is written; a cancelled one is written whole or not at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cancellations_at_any_point_harm_no_other_posting() {
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = common::fresh(backend).await else { continue };
        table(&db).await;
        // posting k writes rows k and k + 100 000, with a pause between; it says when
        // it is between the two
        let post = |db: Db, k: i64, between: Option<tokio::sync::oneshot::Sender<()>>| async move {
            let mut tx = db.begin().await.map_err(|e| e.to_string())?;
            sqlx::query("INSERT INTO t_rows (k) VALUES ($1)").bind(k).execute(&mut *tx).await.map_err(|e| e.to_string())?;
            if let Some(between) = between {
                let _ = between.send(());
            }
            tokio::time::sleep(Duration::from_micros((k as u64 * 37) % 400)).await;
            sqlx::query("INSERT INTO t_rows (k) VALUES ($1)").bind(k + 100_000).execute(&mut *tx).await.map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())
        };
        let tasks: Vec<_> = (0..300_i64)
            .map(|k| {
                let (between, is_between) = tokio::sync::oneshot::channel();
                let task = tokio::spawn(post(db.clone(), k, Some(between)));
                let abort = task.abort_handle();
                match k % 6 {
                    // in the middle of its statements, holding the gate
                    0 => drop(tokio::spawn(async move {
                        if is_between.await.is_ok() {
                            abort.abort();
                        }
                    })),
                    // wherever it is after a while: waiting for the gate or the commit
                    3 => drop(tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_micros((k as u64 * 7919) % 20_000)).await;
                        abort.abort();
                    })),
                    _ => {}
                }
                (k, task)
            })
            .collect();
        let (mut written, mut cancelled) = (Vec::new(), 0);
        for (k, task) in tasks {
            match task.await {
                Ok(r) => {
                    r.unwrap_or_else(|e| panic!("{backend}: posting {k} failed: {e}"));
                    written.push(k);
                }
                Err(e) => {
                    assert!(e.is_cancelled());
                    cancelled += 1;
                }
            }
        }
        assert!(cancelled > 10, "{backend}: the test cancels postings in flight ({cancelled})");
        let stored = rows(&db).await;
        for k in &written {
            assert!(stored.contains(k), "{backend}: posting {k} reported success and is written");
        }
        for k in stored.iter().filter(|k| **k < 100_000) {
            assert!(stored.contains(&(k + 100_000)), "{backend}: posting {k} is written whole");
        }
        assert_eq!(stored.len(), 2 * stored.iter().filter(|k| **k < 100_000).count(), "{backend}: no half postings");
        // and the writer goes on afterwards
        post(db.clone(), 99_999, None).await.unwrap();
    }
}
