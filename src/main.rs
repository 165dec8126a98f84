//! The `hotline` command line: serve, migrate, check-config, user add and unlock, audit verify,
//! keys, retention, figures.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use hotline::config::Config;
use hotline::{
    app, backup_cli, import_cli, keys_cli, recovery_cli, retention_cli, startup, telemetry,
    users_cli, StartError,
};

#[derive(Parser)]
#[command(
    name = "hotline",
    version,
    about = "Child-protection hotline case management"
)]
struct Cli {
    /// A TOML file overriding config/default.toml (environment variables override both).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations, load reference data and serve the API.
    Serve {
        /// HOST:PORT to listen on (overrides `bind`).
        #[arg(long, value_name = "HOST:PORT")]
        bind: Option<String>,
    },
    /// Apply pending migrations and load reference data, then exit.
    Migrate,
    /// PostgreSQL: grant the server's own role what it needs and no more (it may never change
    /// the audit log); run as the tables' owner, after `migrate`.
    GrantApp {
        /// The role `hotline serve` connects as.
        #[arg(long)]
        role: String,
    },
    /// Validate the configuration; one line per problem, non-zero exit when any.
    CheckConfig,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The keys personal fields are sealed under.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Erasure of personal details whose time under the retention policy is up.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// The daily counts the figures are read from.
    Figures {
        #[command(subcommand)]
        command: FiguresCommand,
    },
    /// Bring in what was kept elsewhere.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// SQLite: copy the database into a new FILE while the service runs (one consistent
    /// snapshot). Keep it apart from the keys (`keys recovery-kit`).
    Backup {
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// SQLite: put a backup back as the database, the server stopped. Refused, with nothing
    /// changed, unless the keys configured open it; the database it replaces is kept beside.
    Restore {
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A province's past register (.xlsx or .csv, one row a case) into cases, its columns
    /// named by a mapping file; problems go to FILE.errors.csv. Exits 1 when a row has a
    /// problem (nothing is then written, unless --skip-invalid).
    Cases {
        file: PathBuf,
        #[arg(long, value_name = "MAP.toml")]
        mapping: PathBuf,
        /// Check every row and say what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rows that pass even when others have problems.
        #[arg(long)]
        skip_invalid: bool,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Wrap the stored keys under a new master key (from HOTLINE_NEW_MASTER_KEY or
    /// --new-key-file); the sealed values stay as they are. Then start every server with
    /// the new key.
    Rotate {
        #[arg(long, value_name = "FILE")]
        new_key_file: Option<PathBuf>,
    },
    /// Seal every value again under a new data key, in batches, while the servers run.
    Reencrypt {
        /// Finish a run that stopped, under the newest key, rather than start a new key.
        #[arg(long)]
        resume: bool,
        /// Values to a transaction.
        #[arg(long, default_value_t = 500)]
        batch: i64,
        /// How long the servers take to see a new key (they read the keys every minute).
        #[arg(long, default_value_t = 65)]
        settle_secs: u64,
    },
    #[command(flatten)]
    Recovery(RecoveryCommand),
}

#[derive(Subcommand)]
enum RecoveryCommand {
    /// Split the keys among three named officials, any two of whom recover them: one
    /// printable page each (share-1.txt …) written into --out.
    RecoveryKit {
        /// An official who keeps a share (three times, in order).
        #[arg(long = "holder", value_name = "NAME", num_args = 1)]
        holders: Vec<String>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Join two shares (their pages' text) and write the keys into --to, under the names the
    /// service reads from its data directory. Needs no database.
    Recover {
        #[arg(required = true, num_args = 2..)]
        shares: Vec<PathBuf>,
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
    /// Open every sealed value with the keys configured (after a restore); exits 1 if any
    /// does not open.
    Verify,
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Erase every record due now (each in its own transaction; the servers may keep running).
    Run {
        /// List what would be erased, erasing nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum FiguresCommand {
    /// Recount every day from the cases (after a restore or a repair by hand); the service
    /// may keep running.
    Rebuild,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; prints the report as JSON, exits 1 when it does not hold.
    Verify {
        /// A head printed by an earlier verify (`SEALS:HEAD_HASH`), kept outside the database:
        /// fails if the log has since been cut back or rewritten behind it.
        #[arg(long, value_name = "SEALS:HASH")]
        anchor: Option<String>,
        /// Hash the whole log, rather than start after the seal the last verification reached.
        #[arg(long)]
        full: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password comes from HOTLINE_PASSWORD or standard input.
    Add {
        #[arg(long)]
        username: String,
        /// operator, commune_worker, commune_chair, police, agency_officer, supervisor or admin.
        #[arg(long)]
        role: String,
        /// The agency's code (e.g. hue-hotline); optional for admin.
        #[arg(long)]
        agency: Option<String>,
        /// Where escalations reach a supervisor.
        #[arg(long)]
        email: Option<String>,
    },
    /// Lift a user's login lock and forget its failed attempts.
    Unlock {
        #[arg(long)]
        username: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            return ExitCode::from(2);
        }
    };
    if let Command::CheckConfig = cli.command {
        let checked = startup::load_router(&config)
            .and_then(|_| startup::load_figure_settings(&config))
            .and_then(|_| startup::load_policy(&config));
        if let Err(e) = checked {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
        println!(
            "configuration OK (database: {})",
            config.database().map(|u| u.redacted()).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    telemetry::init(&config.log.filter, &config.log.format);
    // A server's work is in its log; every other command shows how far it is.
    if !matches!(cli.command, Command::Serve { .. }) {
        hotline_domain::progress::install(hotline::progress_cli::CliProgress::new());
    }
    let result = match cli.command {
        Command::Serve { bind } => {
            if let Some(bind) = bind {
                config.server.bind = bind;
            }
            serve(&config)
        }
        Command::Migrate => startup::prepare_database(&config)
            .map(|_| println!("migrations applied, reference data loaded")),
        Command::GrantApp { role } => grant_app(&config, &role).map(|()| {
            println!("role `{role}` may now run the server, and may not change the audit log")
        }),
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    role,
                    agency,
                    email,
                },
        } => users_cli::read_password()
            .and_then(|password| {
                let new = users_cli::NewUser {
                    username: &username,
                    role: &role,
                    agency: agency.as_deref(),
                    email: email.as_deref(),
                };
                users_cli::add_user(&config, &new, &password)
            })
            .map(|()| println!("user `{username}` created")),
        Command::User {
            command: UserCommand::Unlock { username },
        } => users_cli::unlock_user(&config, &username)
            .map(|()| println!("user `{username}` unlocked")),
        Command::Audit {
            command: AuditCommand::Verify { anchor, full },
        } => audit_verify(&config, anchor.as_deref(), full),
        Command::Figures {
            command: FiguresCommand::Rebuild,
        } => rebuild_figures(&config),
        Command::Keys {
            command: KeysCommand::Rotate { new_key_file },
        } => keys_cli::new_secret(new_key_file.as_deref())
            .and_then(|secret| keys_cli::rotate(&config, &secret))
            .map(|n| {
                println!("{n} stored keys now wrapped under the new master key: start every server with it")
            }),
        Command::Keys {
            command:
                KeysCommand::Reencrypt {
                    resume,
                    batch,
                    settle_secs,
                },
        } => keys_cli::reencrypt(&config, resume, batch.clamp(1, 10_000), Duration::from_secs(settle_secs))
            .and_then(|r| {
                println!(
                    "{} values sealed again under data key {}; {} left",
                    r.moved, r.key_id, r.left
                );
                if r.left == 0 {
                    Ok(())
                } else {
                    Err(StartError::Other(
                        "values are left under older keys: run `hotline keys reencrypt --resume`".into(),
                    ))
                }
            }),
        Command::Retention {
            command: RetentionCommand::Run { dry_run },
        } => retention_cli::run(&config, dry_run).map(|outcome| match outcome {
            retention_cli::Outcome::WouldErase(due) => {
                for d in &due {
                    println!(
                        "{}\t{}\t{}\tdue {}\t{}",
                        d.kind,
                        d.id,
                        d.case_number.as_deref().unwrap_or("-"),
                        d.due_at.format("%Y-%m-%d"),
                        d.rule
                    );
                }
                println!("{} records would be erased (dry run: nothing erased)", due.len());
            }
            retention_cli::Outcome::Erased(swept) => println!(
                "erased: {} cases, {} contacts that opened no case",
                swept.cases, swept.contacts
            ),
        }),
        Command::Import {
            command:
                ImportCommand::Cases {
                    file,
                    mapping,
                    dry_run,
                    skip_invalid,
                },
        } => {
            let options = hotline_import::run::Options {
                dry_run,
                skip_invalid,
            };
            import_cli::run(&config, (&file, &mapping), options).and_then(|(outcome, clean)| {
                println!("{}", import_cli::summary(&outcome, &file, options));
                match clean {
                    true => Ok(()),
                    false => Err(StartError::Other(format!(
                        "{} rows have problems",
                        outcome.invalid
                    ))),
                }
            })
        }
        Command::Keys {
            command: KeysCommand::Recovery(command),
        } => recovery(&config, command),
        Command::Backup { to } => backup_cli::backup(&config, &to)
            .map(|size| println!("backed up to {} ({size} bytes)", to.display())),
        Command::Restore { from } => backup_cli::restore(&config, &from).map(|r| {
            if let Some(kept) = &r.replaced {
                println!("the database it replaced is kept as {}", kept.display());
            }
            println!(
                "restored {}: {} cases, {} reports; run `hotline keys verify` and `hotline audit verify --full`",
                from.display(),
                r.cases,
                r.reports
            );
        }),
        Command::CheckConfig => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn recovery(config: &Config, command: RecoveryCommand) -> Result<(), StartError> {
    match command {
        RecoveryCommand::RecoveryKit { holders, out } => recovery_cli::kit(config, &holders, &out)
            .map(|kit| {
                println!(
                    "kit {kit}: share-1.txt, share-2.txt, share-3.txt written to {}; print each, hand it to its holder, and delete the files",
                    out.display()
                )
            }),
        RecoveryCommand::Recover { shares, to } => recovery_cli::recover(&shares, &to).map(|files| {
            for f in &files {
                println!("wrote {}", f.display());
            }
            println!("start the service with data_dir = {} (or name these files in the configuration)", to.display());
        }),
        RecoveryCommand::Verify => keys_cli::verify(config).map(|n| println!("{n} sealed values open")),
    }
}

fn grant_app(config: &Config, role: &str) -> Result<(), StartError> {
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    hotline_store::migrations::grant_app_role(&mut conn, role)?;
    let entry = hotline_audit::Entry::new("db.grant_app").detail(serde_json::json!({"role": role}));
    hotline_store::write_transaction(&mut conn, |conn| hotline::audit_cli(conn, entry))
}

fn rebuild_figures(config: &Config) -> Result<(), StartError> {
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let started = std::time::Instant::now();
    let days =
        hotline_reports::daily::rebuild(&mut conn).map_err(|e| StartError::Other(e.to_string()))?;
    hotline_store::wal::settle(&mut conn)?;
    println!(
        "figures recounted: {days} days in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn audit_verify(config: &Config, anchor: Option<&str>, full: bool) -> Result<(), StartError> {
    let anchor = anchor
        .map(|a| {
            a.split_once(':')
                .and_then(|(n, h)| Some((n.parse::<i64>().ok()?, h.to_owned())))
                .ok_or_else(|| {
                    StartError::Other(
                        "--anchor: expected SEALS:HASH as printed by audit verify".into(),
                    )
                })
        })
        .transpose()?;
    let url = config.database()?;
    // One connection per core: seals are checked in parallel.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut conns = (0..threads)
        .map(|_| hotline_store::DbConnection::open(&url))
        .collect::<Result<Vec<_>, _>>()?;
    let key = hotline_audit::SealKey::derive(&hotline::keys::signing_key(config)?);
    let started = std::time::Instant::now();
    let verified = if full {
        hotline_audit::verify_with(&mut conns, &key)
    } else {
        hotline_audit::verify_resuming(&mut conns, &key)
    };
    let report = verified.map_err(|e| StartError::Other(e.to_string()))?;
    let elapsed = started.elapsed().as_secs_f64();
    // The next verification starts where this one got to.
    hotline_audit::checkpoint::record(&mut conns[0], &key, &report, chrono::Utc::now())
        .map_err(|e| StartError::Other(e.to_string()))?;
    let json = serde_json::json!({
        "ok": report.ok, "entries": report.entries, "entries_sealed": report.entries_sealed,
        "sealed_through": report.sealed_through,
        "seals": report.seals, "head_hash": report.head_hash, "anchor": report.head_hash.as_ref().map(|h| format!("{}:{h}", report.seals)),
        "first_bad_seq": report.first_bad_seq, "problem": report.problem,
        "unkeyed_seals": report.unkeyed_seals, "resumed_from_seal": report.resumed_from_seal,
        "seconds": elapsed, "entries_per_second": (report.entries as f64 / elapsed.max(1e-9)).round(),
    });
    println!("{json}");
    if let (true, Some((seal_no, hash))) = (report.ok, anchor) {
        hotline_audit::check_anchor(&mut conns[0], seal_no, &hash)
            .map_err(|e| StartError::Other(e.to_string()))?
            .map_err(|problem| {
                StartError::Other(format!("audit anchor does not hold: {problem}"))
            })?;
    }
    if report.ok {
        Ok(())
    } else {
        Err(StartError::Other(format!(
            "audit chain broken at seq {:?}: {}",
            report.first_bad_seq,
            report.problem.as_deref().unwrap_or_default()
        )))
    }
}

fn serve(config: &Config) -> Result<(), StartError> {
    let addr = config
        .bind_addr()
        .map_err(|p| StartError::Config(format!("{}: {}", p.key, p.message)))?;
    let listener = TcpListener::bind(addr)
        .map_err(|e| StartError::Other(format!("cannot listen on {addr}: {e}")))?;
    actix_web::rt::System::new().block_on(async {
        let application = app::Application::build(config, listener)?;
        if let Some(password) = &application.first_admin_password {
            println!("Created the first administrator: username `admin`, password `{password}` (shown only this once).");
        }
        tracing::info!(%addr, backend = config.database().map(|u| u.backend_name()).unwrap_or("?"), "serving");
        application.run_until_stopped().await.map_err(|e| StartError::Other(e.to_string()))
    })
}
