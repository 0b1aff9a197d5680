//! The demo's HTML page opened in real headless Chromium (`/usr/bin/chromium`, or
//! `$CHROMIUM`): it loads without errors, shows every table of the demo, and its search
//! finds a column. A screenshot is kept at `target/tmp/erd-demo.png`. Without Chromium the
//! test fails: `.ci/run` installs it.
//!
//! Chromium's headless mode does not print the page's console, so the test puts a script
//! before the page's own that records every `console.error`/`console.warn` call and every
//! error event (uncaught exceptions, scripts that do not parse, resources that fail to
//! load) on the `<html>` element, and reads them back from the DOM Chromium dumps.

use schemata::postgres::erd::{diagram, html, layout, svg, Filter};
use schemata_example_apps::demo;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const RECORDER: &str = "<script>(function(){var seen=[];function keep(t){seen.push(String(t));document.documentElement.setAttribute('data-errors',JSON.stringify(seen));}addEventListener('error',function(e){keep(e.message||('cannot load '+(e.target&&(e.target.src||e.target.href))))},true);['error','warn'].forEach(function(k){var o=console[k];console[k]=function(){keep(k+': '+Array.prototype.join.call(arguments,' '));o.apply(console,arguments);};});})();</script>";

fn chromium() -> PathBuf {
    let path =
        PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(
        path.exists(),
        "headless Chromium is needed at {} (Debian: apt-get install chromium; or set CHROMIUM)",
        path.display()
    );
    path
}

/// Runs Chromium on `page` with `extra` arguments (`--dump-dom`, `--screenshot=..`) and
/// returns its stdout.
fn run_chromium(page: &Path, fragment: &str, extra: &[&str]) -> String {
    // A fresh profile per run: two Chromiums cannot share one.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let profile = std::env::temp_dir().join(format!(
        "schemata-erd-chromium-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&profile);
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1600,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}{fragment}", page.display()))
        .output()
        .expect("Chromium runs");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        output.status.success(),
        "Chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 DOM")
}

fn errors(dom: &str) -> Option<String> {
    let start = dom.find("data-errors=\"")? + "data-errors=\"".len();
    Some(dom[start..].split('"').next()?.replace("&quot;", "\""))
}

fn demo_page() -> PathBuf {
    let schema = demo::schema();
    let picture = diagram(&schema, &Filter::default()).unwrap();
    let page = html(
        "Demo",
        &schema,
        &picture,
        &svg(&picture, &layout(&picture), &[]),
        None,
    );
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("erd-demo.html");
    std::fs::write(
        &path,
        page.replacen("<head>", &format!("<head>{RECORDER}"), 1),
    )
    .unwrap();
    path
}

#[test]
fn the_demo_page_loads_shows_every_table_and_finds_a_column() {
    let page = demo_page();
    let dom = run_chromium(&page, "#search=coach_id", &["--dump-dom"]);
    assert_eq!(errors(&dom), None, "the page reported errors");
    // The script ran: the search box was filled from the fragment and answered.
    let schema = demo::schema();
    let expected: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.column("coach_id").is_some())
        .map(|t| format!("<li data-name=\"{}\">{}.coach_id</li>", t.name, t.name))
        .collect();
    assert!(!expected.is_empty());
    for item in &expected {
        assert!(dom.contains(item), "search did not list {item}");
    }
    assert!(
        dom.contains(&format!("{} matches", expected.len())),
        "no match count"
    );
    for table in &schema.tables {
        assert!(
            dom.contains(&format!(
                "<g class=\"box table hit\" data-name=\"{}\"",
                table.name
            )) || dom.contains(&format!(
                "<g class=\"box table\" data-name=\"{}\"",
                table.name
            )),
            "table {} is not drawn",
            table.name
        );
    }
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("erd-demo.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &page,
        "#search=coach_id",
        &[&format!("--screenshot={}", shot.display())],
    );
    assert!(
        std::fs::metadata(&shot)
            .map(|m| m.len() > 10_000)
            .unwrap_or(false),
        "no screenshot at {}",
        shot.display()
    );
}

/// The recorder itself: a page that throws and logs an error is caught, so a clean run
/// above means something.
#[test]
fn errors_on_a_page_are_seen() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("erd-broken.html");
    std::fs::write(
        &path,
        format!("<html><head>{RECORDER}</head><body><script>console.error('boom'); missingFunction();</script></body></html>"),
    )
    .unwrap();
    let dom = run_chromium(&path, "", &["--dump-dom"]);
    let seen = errors(&dom).expect("errors recorded");
    assert!(seen.contains("error: boom"), "{seen}");
    assert!(seen.contains("missingFunction"), "{seen}");
}
