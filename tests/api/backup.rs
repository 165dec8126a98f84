//! The restore drill: a backup taken while reports keep coming in (`hotline backup` on
//! SQLite, `deploy/backup-postgres.sh` on PostgreSQL), the keys split among three officials
//! and recovered from two of their printed shares, and the backup restored into a new
//! database with those keys. Then the audit chain verifies, every sealed value opens, and
//! every report acknowledged before the backup began is there. Without the keys, a restore
//! (or, on PostgreSQL, the first command after `pg_restore`) fails with one line. Prints the
//! drill's figures.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::helpers::{abuse_report, hotline_command, report_ids, run_to_end, TestApp};

const HOLDERS: [&str; 3] = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"];

/// Run the binary with only `env` (no key of the test's own): whether it succeeded and its
/// output.
fn run(args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    run_to_end(&mut hotline_command(args, env))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The command that backs `app` up into `dir`, and where the backup will be.
fn backup_command(app: &TestApp, dir: &Path) -> (std::process::Command, std::path::PathBuf) {
    if hotline_test_db::is_postgres() {
        let mut cmd = std::process::Command::new("deploy/backup-postgres.sh");
        cmd.args([app.config.database.url.as_str(), path(dir)])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        return (cmd, dir.to_owned());
    }
    let file = dir.join("hotline-backup.db");
    (app.cli(&["backup", "--to", path(&file)]), file)
}

#[actix_web::test]
async fn a_backup_taken_under_load_restores_with_keys_from_two_shares() {
    let postgres = hotline_test_db::is_postgres();
    let app = Rc::new(TestApp::spawn().await);
    let op = app.operator().await;
    let dir = tempfile::tempdir().unwrap();
    let dumps = dir.path().join("dumps");
    std::fs::create_dir_all(&dumps).unwrap();

    // Reports logged one after another throughout, each with when it was acknowledged.
    let acked: Rc<RefCell<Vec<(String, Instant)>>> = Rc::default();
    let stop = Rc::new(std::cell::Cell::new(false));
    let logger = {
        let (app, acked, stop) = (app.clone(), acked.clone(), stop.clone());
        actix_rt::spawn(async move {
            let mut n = 0;
            while !stop.get() {
                n += 1;
                let r = app
                    .report(&op, &abuse_report(19900, &format!("Trẻ Sao Lưu {n}")))
                    .await;
                let id = r["report_id"].as_str().unwrap().to_owned();
                acked.borrow_mut().push((id, Instant::now()));
            }
        })
    };
    actix_rt::time::sleep(Duration::from_millis(500)).await;
    let began = Instant::now();
    let (mut cmd, backup) = backup_command(&app, &dumps);
    let out = actix_web::web::block(move || cmd.output())
        .await
        .unwrap()
        .unwrap();
    let backup_secs = began.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // pg_dump's file is named by the time it was taken: the script prints it.
    let backup = match postgres {
        true => std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()),
        false => backup,
    };
    actix_rt::time::sleep(Duration::from_millis(300)).await;
    stop.set(true);
    logger.await.unwrap();

    // The keys, split among three officials; two of them bring their pages.
    let kit = dir.path().join("kit");
    let mut args = vec!["keys", "recovery-kit", "--out", path(&kit)];
    for h in HOLDERS {
        args.extend(["--holder", h]);
    }
    let (ok, said) = app.run_cli(&args, &[]);
    assert!(ok, "{said}");
    let page = std::fs::read_to_string(kit.join("share-2.txt")).unwrap();
    assert!(page.contains("Người giữ: Trần Thị Bình"), "{page}");
    let place = dir.path().join("restored");
    let data = place.join("data");
    let (s1, s3) = (kit.join("share-1.txt"), kit.join("share-3.txt"));
    let (ok, said) = run(
        &["keys", "recover", path(&s1), path(&s3), "--to", path(&data)],
        &[],
    );
    assert!(ok, "{said}");

    // Restored into a new database: on SQLite by `hotline restore`, which first checks that
    // the keys open the backup; on PostgreSQL by pg_restore.
    let target = hotline_test_db::TestDb::new();
    let url = match postgres {
        true => target.url.clone(),
        false => format!("sqlite://{}", path(&place.join("hotline.db"))),
    };
    // The recovered files named in the configuration, as PostgreSQL requires.
    let empty = dir.path().join("no-keys");
    let (master, signing) = (data.join("master.key"), data.join("jwt-signing.key"));
    let base = vec![
        ("HOTLINE_DATABASE_URL", url.as_str()),
        ("HOTLINE_DATA_DIR", path(&empty)),
        ("HOTLINE_JWT_KEY_FILE", path(&signing)),
        ("HOTLINE_LOG_FILTER", "warn"),
    ];
    let keyless = base.clone();
    let mut wrong = base.clone();
    wrong.push((
        "HOTLINE_MASTER_KEY",
        "another province's master key, not this one",
    ));
    let mut env = base;
    env.push(("HOTLINE_MASTER_KEY_FILE", path(&master)));
    let first_step: &[&str] = match postgres {
        true => {
            let out = std::process::Command::new("pg_restore")
                .args([
                    "--no-owner",
                    "--no-privileges",
                    "--dbname",
                    &url,
                    path(&backup),
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            &["keys", "verify"]
        }
        false => &["restore", "--from", path(&backup)],
    };
    // Without the keys, or with another province's, one line, and nothing written.
    for (without, says) in [(&keyless, "master key"), (&wrong, "does not open")] {
        let (ok, said) = run(first_step, without);
        assert!(!ok, "{said}");
        assert_eq!(said.trim().lines().count(), 1, "{said}");
        assert!(said.contains(says), "{said}");
        assert!(
            postgres || !place.join("hotline.db").exists(),
            "a refused restore wrote"
        );
    }
    // With the recovered keys: restored, the chain verifies, every sealed value opens.
    let (ok, said) = run(first_step, &env);
    assert!(ok, "{said}");
    let (ok, said) = run(&["audit", "verify", "--full"], &env);
    assert!(ok, "{said}");
    let (ok, opened) = run(&["keys", "verify"], &env);
    assert!(ok, "{opened}");

    // Every report acknowledged before the backup began is in the restored database.
    let restored = report_ids(&url);
    let acked = acked.borrow();
    let before: Vec<&String> = acked
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| id)
        .collect();
    let lost = before.iter().filter(|id| !restored.contains(**id)).count();
    println!(
        "restore drill: {} reports logged during the run, {} acknowledged before the backup began, \
         {} in the backup, {lost} lost; backup took {backup_secs:.2} s; {}",
        acked.len(),
        before.len(),
        restored.len(),
        opened.trim()
    );
    assert!(
        !before.is_empty(),
        "no report was acknowledged before the backup"
    );
    assert!(
        acked.len() > before.len(),
        "no report came in during the backup"
    );
    assert_eq!(lost, 0);
}
