//! A minimal throwaway-database helper for the introspection tests, until the shared
//! `tests/common` harness is available on this branch.
#![allow(dead_code)]

use postgres::{Client, NoTls};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const DEFAULT_URL: &str = "postgres://postgres:postgres@127.0.0.1:5432/postgres";

pub fn server_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

pub fn admin() -> Client {
    let url = server_url();
    Client::connect(&url, NoTls).unwrap_or_else(|e| {
        panic!("cannot reach PostgreSQL at {url} ({e}); set DATABASE_URL or run `.ci/run`")
    })
}

/// A database created for one test and dropped when it goes out of scope.
pub struct ScratchDb {
    pub name: String,
    pub url: String,
    pub client: Client,
}

impl ScratchDb {
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "schemata_{label}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = admin();
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .expect("create the scratch database");
        let mut config: postgres::Config = server_url().parse().expect("DATABASE_URL parses");
        config.dbname(&name);
        let client = config
            .connect(NoTls)
            .expect("connect to the scratch database");
        let url = with_database(&server_url(), &name);
        ScratchDb { name, url, client }
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = Client::connect(&server_url(), NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The URL with its database name replaced.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}
