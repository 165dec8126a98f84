//! Bad configuration stops the real binary with one clear line per problem.

use std::process::{Command, Output};

fn hotline(args: &[&str], env: &[(&str, &str)]) -> Output {
    crate::helpers::hotline_command(args, env).output().unwrap()
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// `hotline check-config` over a file holding `text`: the lines it printed, having failed
/// as a bad configuration does (exit code 2).
fn check_file(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hotline.toml");
    std::fs::write(&file, text).unwrap();
    let out = hotline(&["check-config", "--config", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2), "{text} was accepted");
    stderr_lines(&out)
}

/// The one line a refused start (or check) prints; fails unless it was refused so.
fn the_one_line(out: &Output, what: &str) -> String {
    assert!(!out.status.success(), "{what} was accepted");
    let lines = stderr_lines(out);
    assert_eq!(lines.len(), 1, "{what}: {lines:?}");
    lines[0].clone()
}

/// A configuration problem's line names its key first, then says what is wrong.
fn assert_names(line: &str, name: &str, expected: &str) {
    assert!(
        line.starts_with(&format!("configuration error: {name}: ")),
        "{line}"
    );
    assert!(line.contains(expected), "{line}");
}

#[test]
fn a_bare_path_or_unknown_scheme_is_refused_in_one_line() {
    for (url, expected) in [
        ("data/hotline.db", "bare path"),
        ("mysql://localhost/h", "unknown scheme `mysql`"),
        ("", "empty"),
    ] {
        let out = hotline(
            &["serve", "--bind", "127.0.0.1:0"],
            &[("HOTLINE_DATABASE_URL", url)],
        );
        assert_names(&the_one_line(&out, url), "database_url", expected);
    }
}

#[test]
fn check_config_lists_every_problem_and_fails() {
    let lines = check_file(
        "[server]\nbind = \"everywhere\"\n[token]\nttl_secs = 1\n\
         [files]\nagencies_file = \"/nonexistent.toml\"\n",
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines.iter().all(|l| l.starts_with("configuration error: ")));
    for key in ["bind", "token_ttl_secs", "agencies_file"] {
        assert!(
            lines.iter().any(|l| l.contains(&format!(": {key}: "))),
            "{key} not named in {lines:?}"
        );
    }
    let ok = hotline(&["check-config"], &[]);
    assert!(ok.status.success(), "{:?}", stderr_lines(&ok));
}

#[test]
fn a_file_with_the_flat_keys_of_earlier_versions_is_told_their_sections() {
    let lines = check_file("database_url = \"sqlite://x.db\"\nlog_format = \"json\"\n");
    assert_eq!(lines.len(), 2, "{lines:?}");
    for (key, section) in [
        ("database_url", "`url` under [database]"),
        ("log_format", "`format` under [log]"),
    ] {
        assert!(
            lines.iter().any(|l| l.contains(key) && l.contains(section)),
            "{key} not sent to {section}: {lines:?}"
        );
    }
}

#[test]
fn a_bad_rules_holiday_or_retention_file_stops_check_config_and_the_start_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string("config/routing.toml")
        .unwrap()
        .replace("kind = \"police\"", "kind = \"polic\"");
    let holidays = std::fs::read_to_string("config/holidays.toml")
        .unwrap()
        .replace("2026-02-17", "17/02/2026");
    let retention = std::fs::read_to_string("config/retention.toml")
        .unwrap()
        .replace("silent = 1", "silent = 0");
    let (rules_file, holidays_file) = (dir.path().join("r.toml"), dir.path().join("h.toml"));
    let retention_file = dir.path().join("k.toml");
    std::fs::write(&rules_file, rules).unwrap();
    std::fs::write(&holidays_file, holidays).unwrap();
    std::fs::write(&retention_file, retention).unwrap();
    let db = format!("sqlite://{}", dir.path().join("h.db").display());
    for (key, file, expected) in [
        ("HOTLINE_ROUTING_FILE", &rules_file, "polic"),
        ("HOTLINE_HOLIDAYS_FILE", &holidays_file, "17/02/2026"),
        ("HOTLINE_RETENTION_FILE", &retention_file, "contacts.silent"),
    ] {
        let env = [(key, file.to_str().unwrap()), ("HOTLINE_DATABASE_URL", &db)];
        for args in [
            &["check-config"][..],
            &["serve", "--bind", "127.0.0.1:0"][..],
        ] {
            let out = hotline(args, &env);
            let line = the_one_line(&out, &format!("{args:?} with a bad {key}"));
            let name = key.trim_start_matches("HOTLINE_").to_lowercase();
            assert_names(&line, &name, expected);
        }
    }
}

#[test]
fn a_bad_smtp_configuration_stops_the_start_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("m.db").display());
    for (key, value, expected) in [
        (
            "HOTLINE_SMTP_URL",
            "http://mail.example.vn",
            "configuration error: smtp_url: unknown scheme `http`",
        ),
        (
            "HOTLINE_SMTP_URL",
            "mail.example.vn:25",
            "configuration error: smtp_url: ",
        ),
        (
            "HOTLINE_MAIL_FROM",
            "not an address",
            "configuration error: mail_from: ",
        ),
    ] {
        let mut env = vec![(key, value), ("HOTLINE_DATABASE_URL", db.as_str())];
        if key != "HOTLINE_SMTP_URL" {
            env.push(("HOTLINE_SMTP_URL", "smtp://127.0.0.1:2525"));
        }
        for args in [
            &["check-config"][..],
            &["serve", "--bind", "127.0.0.1:0"][..],
        ] {
            let out = hotline(args, &env);
            let line = the_one_line(&out, &format!("{key}={value} by {args:?}"));
            assert!(line.starts_with(expected), "{line}");
        }
    }
    // A password belongs in the environment, not in a file.
    let lines = check_file("[mail]\nsmtp_url = \"smtp://user:pa55word@mail.example.vn:587\"\n");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("configuration error: smtp_url: ") && !l.contains("pa55word")),
        "{lines:?}"
    );
}

#[test]
fn an_unreachable_database_fails_the_start_in_one_line() {
    let out = hotline(
        &["serve", "--bind", "127.0.0.1:0"],
        &[
            (
                "HOTLINE_DATABASE_URL",
                "postgres://nobody:secret@127.0.0.1:1/none",
            ),
            ("HOTLINE_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("HOTLINE_MASTER_KEY", "0123456789abcdef0123456789abcdef"),
        ],
    );
    let line = the_one_line(&out, "an unreachable database");
    assert!(line.contains("cannot connect"), "{line}");
    assert!(
        !line.contains("secret"),
        "the password must not be printed: {line}"
    );
}

#[test]
fn postgres_without_a_shared_signing_key_is_refused() {
    let out = hotline(
        &["check-config"],
        &[("HOTLINE_DATABASE_URL", "postgres://localhost/h")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_lines(&out)[0].contains("jwt_secret"));
}

#[test]
fn user_add_takes_the_password_from_the_environment_or_stdin_and_checks_role_and_agency() {
    use std::io::Write;
    let db = hotline_test_db::TestDb::new();
    let data_dir = db.dir.path().join("data");
    let env = [
        ("HOTLINE_DATABASE_URL", db.url.as_str()),
        ("HOTLINE_DATA_DIR", data_dir.to_str().unwrap()),
        ("HOTLINE_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
        ("HOTLINE_MASTER_KEY", "0123456789abcdef0123456789abcdef"),
        ("HOTLINE_LOG_FILTER", "warn"),
    ];
    // `hotline user add` with `args` (words apart by spaces).
    let add = |args: &str, password_env: Option<&str>| {
        let mut full = vec!["user", "add"];
        full.extend(args.split(' '));
        let mut all_env = env.to_vec();
        if let Some(p) = password_env {
            all_env.push(("HOTLINE_PASSWORD", p));
        }
        hotline(&full, &all_env)
    };
    let ok = add(
        "--username op1 --role operator --agency hue-hotline",
        Some("a long enough password"),
    );
    assert!(ok.status.success(), "{:?}", stderr_lines(&ok));
    {
        use diesel::prelude::*;
        use hotline_store::schema::audit_entries;
        let mut conn = hotline_store::DbConnection::open(&db.database_url()).unwrap();
        let (actor, detail): (Option<String>, String) = audit_entries::table
            .filter(audit_entries::action.eq("user.create"))
            .select((audit_entries::actor, audit_entries::detail))
            .first(&mut conn)
            .unwrap();
        assert_eq!(actor.as_deref(), Some("cli"));
        assert!(detail.contains("\"op1\"") && !detail.contains("password"));
    }

    let duplicate = add(
        "--username op1 --role operator --agency hue-hotline",
        Some("a long enough password"),
    );
    assert!(!duplicate.status.success());
    assert!(stderr_lines(&duplicate)[0].contains("already exists"));

    let misplaced = add(
        "--username cw --role commune_worker --agency hue-police",
        Some("a long enough password"),
    );
    assert!(
        stderr_lines(&misplaced)[0].contains("does not belong"),
        "{:?}",
        stderr_lines(&misplaced)
    );
    let short = add("--username x --role admin", Some("short"));
    assert!(stderr_lines(&short)[0].contains("at least 12"));
    let unknown = add(
        "--username y --role police --agency nowhere",
        Some("a long enough password"),
    );
    assert!(stderr_lines(&unknown)[0].contains("does not exist"));

    // From standard input when HOTLINE_PASSWORD is unset.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hotline"));
    cmd.args([
        "user",
        "add",
        "--username",
        "sup",
        "--role",
        "supervisor",
        "--agency",
        "hue-cpd",
    ])
    .current_dir(env!("CARGO_MANIFEST_DIR"))
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("HOTLINE_")) {
        cmd.env_remove(key);
    }
    cmd.envs(env.iter().copied());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"password from stdin\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", stderr_lines(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("password from stdin"));
}

#[test]
fn a_database_key_needs_sqlite_32_bytes_and_a_build_with_sqlcipher() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("k.db").display());
    let key = "a database key of thirty-two bytes or more";
    for (url, secret, expected) in [
        (db.as_str(), "short", "at least 32 bytes"),
        ("postgres://u@localhost/h", key, "encrypts an SQLite file"),
    ] {
        let out = hotline(
            &["check-config"],
            &[
                ("HOTLINE_DATABASE_URL", url),
                ("HOTLINE_DATABASE_KEY", secret),
            ],
        );
        assert!(!out.status.success());
        let lines = stderr_lines(&out);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("configuration error: database_key: ")
                    && l.contains(expected)),
            "{lines:?}"
        );
    }
    if cfg!(feature = "sqlcipher") {
        return;
    }
    let out = hotline(
        &["migrate"],
        &[("HOTLINE_DATABASE_URL", &db), ("HOTLINE_DATABASE_KEY", key)],
    );
    let line = the_one_line(&out, "a database key without SQLCipher");
    assert!(line.contains("no SQLCipher"), "{line}");
}

/// Run by hand, as docs/OPERATING.md says: `cargo test --features sqlcipher --test api sqlcipher`.
#[cfg(feature = "sqlcipher")]
#[test]
fn an_sqlcipher_database_opens_only_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.db");
    let db = format!("sqlite://{}", file.display());
    let key = "the key this database is encrypted under, 32+ bytes";
    let with = |secret: Option<&str>, args: &[&str]| {
        let mut env = vec![
            ("HOTLINE_DATABASE_URL", db.as_str()),
            ("HOTLINE_DATA_DIR", dir.path().to_str().unwrap()),
            ("HOTLINE_PASSWORD", "a long password for the cipher test"),
        ];
        if let Some(s) = secret {
            env.push(("HOTLINE_DATABASE_KEY", s));
        }
        hotline(args, &env)
    };
    let made = with(Some(key), &["migrate"]);
    assert!(made.status.success(), "{:?}", stderr_lines(&made));
    let added = with(
        Some(key),
        &[
            "user",
            "add",
            "--username",
            "cipher-op",
            "--role",
            "operator",
            "--agency",
            "hue-hotline",
        ],
    );
    assert!(added.status.success(), "{:?}", stderr_lines(&added));
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3\0"),
        "the file is not encrypted"
    );
    assert!(!bytes.windows(9).any(|w| w == b"cipher-op"));
    for secret in [None, Some("another key of thirty-two bytes or more!!")] {
        let out = with(secret, &["migrate"]);
        assert!(!out.status.success(), "{secret:?} opened it");
        assert_eq!(stderr_lines(&out).len(), 1, "{:?}", stderr_lines(&out));
    }
    let again = with(Some(key), &["user", "unlock", "--username", "cipher-op"]);
    assert!(again.status.success(), "{:?}", stderr_lines(&again));
}
