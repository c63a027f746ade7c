//! Imports run one way, down the layers (README, "Where things go"): this test reads every file
//! under `src/`, finds each `crate::…` (and `super::…`) path it names, and fails on a path that
//! runs up a layer, into a higher feature, or into another feature's endpoints (`api.rs`).
//!
//! Test modules at the end of a file (`#[cfg(test)] mod tests`) are left out: a test may build
//! its fixtures from anywhere.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module paths and their layer; the longest prefix of a path decides.
const LAYERS: &[(&str, Layer)] = &[
    // L0: shared types, compiled for the browser too.
    ("domain", Layer::Types),
    ("error", Layer::Types),
    ("i18n", Layer::Types),
    ("i18n_util", Layer::Types),
    ("helpers", Layer::Types),
    // L1: the server platform, identity included.
    ("db", Layer::Platform),
    ("config", Layer::Platform),
    ("request", Layer::Platform),
    ("media", Layer::Platform),
    ("notify", Layer::Platform),
    ("audit", Layer::Platform),
    ("gateway", Layer::Platform),
    ("drafts", Layer::Platform),
    ("page_cache", Layer::Platform),
    ("identity", Layer::Platform),
    // L2: shared widgets and texts.
    ("ui", Layer::Ui),
    // L4: composition; nothing imports it.
    ("app", Layer::Composition),
    ("server", Layer::Composition),
    ("seed", Layer::Composition),
];

/// L3: the features, lowest first. A feature uses lower features' types, stores and named
/// widgets — never a higher feature, never another feature's `api`.
const FEATURES: &[&str] = &[
    "districts",
    "cart",
    "reviews",
    "catalog",
    "auth",
    "sellers",
    "listings",
    "invoices",
    "payouts",
    "orders",
    "payments",
];

/// Imports that still run the wrong way, each with the change that will remove it. The test
/// fails when one of them is gone too, so this list only shrinks.
/// (Empty now; an entry is `(feature, target module path, the change that will remove it)`.)
const KNOWN: &[(&str, &str, &str)] = &[];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Types,
    Platform,
    Ui,
    Feature,
    Composition,
}

/// Where a module path belongs: its layer, and for a feature its name, rank and whether the
/// path is inside that feature's `api`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    layer: Layer,
    feature: Option<(&'static str, usize)>,
    api: bool,
}

fn place(path: &[String]) -> Option<Place> {
    let first = path.first()?.as_str();
    let second = path.get(1).map(String::as_str);
    if let Some((_, layer)) = LAYERS.iter().find(|(name, _)| *name == first) {
        return Some(Place {
            layer: *layer,
            feature: None,
            api: false,
        });
    }
    let rank = FEATURES.iter().position(|f| *f == first)?;
    Some(Place {
        layer: Layer::Feature,
        feature: Some((FEATURES[rank], rank)),
        api: second == Some("api"),
    })
}

/// The module path of a file: `src/orders/store.rs` → `orders::store`, `src/ui/mod.rs` → `ui`.
fn module_of(file: &Path, src: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every module path a text names: `crate::a::b`, `crate::{a, b::c}`, `super::x`.
fn paths_named(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let starts = |word: &str| {
            bytes[i..].starts_with(word.as_bytes())
                && (i == 0 || !ident(bytes[i - 1]) && bytes[i - 1] != b':')
        };
        if starts("crate::") {
            i += "crate::".len();
            i = read_tree(text, i, Vec::new(), &mut found);
        } else if starts("super::") {
            // In `a/b.rs` (module `a::b`) `super` is `a`; in `a/mod.rs` (module `a`) the root.
            // (Inside a module nested in a file, this is off by one: such paths stay in the file's
            // own feature, which is all this test asks.)
            let mut base: Vec<String> = module.to_vec();
            while bytes[i..].starts_with(b"super::") {
                i += "super::".len();
                base.pop();
            }
            i = read_tree(text, i, base, &mut found);
        } else {
            i += 1;
        }
    }
    found
}

/// Reads `a::b::{c, d::e}` (or `{c, d}`) from `at`, each leaf prefixed with `prefix`.
fn read_tree(
    text: &str,
    mut at: usize,
    prefix: Vec<String>,
    found: &mut Vec<Vec<String>>,
) -> usize {
    let bytes = text.as_bytes();
    let mut path = prefix;
    loop {
        if bytes.get(at) == Some(&b'{') {
            return read_group(text, at + 1, path, found);
        }
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
            at += 1;
        }
        if at > start {
            path.push(text[start..at].to_string());
        }
        if bytes[at..].starts_with(b"::") && at > start {
            at += 2;
        } else {
            let path: Vec<String> = path.into_iter().filter(|p| p != "self").collect();
            if !path.is_empty() {
                found.push(path);
            }
            return at;
        }
    }
}

/// Reads the items of a `{…}` group up to its closing brace.
fn read_group(
    text: &str,
    mut at: usize,
    prefix: Vec<String>,
    found: &mut Vec<Vec<String>>,
) -> usize {
    let bytes = text.as_bytes();
    loop {
        while at < bytes.len() && (bytes[at] as char).is_whitespace() {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'}' {
            return at + 1;
        }
        at = read_tree(text, at, prefix.clone(), found);
        while at < bytes.len() && bytes[at] != b',' && bytes[at] != b'}' {
            at += 1;
        }
        if at < bytes.len() && bytes[at] == b',' {
            at += 1;
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its test module (`#[cfg(test)]` before `mod …`, at the end of
/// the file) and without comment lines.
fn code_of(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let test_attr = t.starts_with("#[cfg(test)]") || t.starts_with("#[cfg(all(test");
        if test_attr
            && lines
                .get(n + 1)
                .is_some_and(|l| l.trim_start().starts_with("mod "))
        {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

struct Edge {
    from: Place,
    from_module: String,
    to: Place,
    to_module: String,
}

fn edges() -> Vec<(String, Edge)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let module = module_of(&file, &src);
        // The crate root and the binary only declare and start; they are not in a layer.
        if module.len() == 1 && matches!(module[0].as_str(), "lib" | "main") {
            continue;
        }
        let from = place(&module).unwrap_or_else(|| {
            panic!(
                "{} is in no layer: add it to LAYERS or FEATURES",
                file.display()
            )
        });
        let text = std::fs::read_to_string(&file).expect("read file");
        for path in paths_named(&code_of(&text), &module) {
            let Some(to) = place(&path) else { continue };
            out.push((
                file.strip_prefix(&src).unwrap().display().to_string(),
                Edge {
                    from: from.clone(),
                    from_module: module.join("::"),
                    to,
                    to_module: path.iter().take(2).cloned().collect::<Vec<_>>().join("::"),
                },
            ));
        }
    }
    out
}

/// Why an edge runs the wrong way, if it does.
fn wrong(edge: &Edge) -> Option<&'static str> {
    let (from, to) = (&edge.from, &edge.to);
    if to.layer == Layer::Composition && from.layer != Layer::Composition {
        return Some("imports the composition layer");
    }
    if from.layer == Layer::Feature && to.layer == Layer::Feature {
        let ((f, fr), (t, tr)) = (from.feature?, to.feature?);
        if f == t {
            return None;
        }
        if tr > fr {
            return Some("imports a higher feature");
        }
        if to.api {
            return Some("imports another feature's endpoints");
        }
        return None;
    }
    (to.layer > from.layer && from.layer != Layer::Composition).then_some("imports a higher layer")
}

#[test]
fn imports_run_down_the_layers() {
    let known: BTreeSet<(&str, &str)> = KNOWN.iter().map(|(f, t, _)| (*f, *t)).collect();
    let mut seen_known = BTreeSet::new();
    let mut wrong_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, edge) in edges() {
        let Some(why) = wrong(&edge) else { continue };
        let feature = edge.from.feature.map(|(f, _)| f).unwrap_or("");
        let target = edge.to_module.as_str();
        if let Some(k) = known
            .iter()
            .find(|(f, t)| *f == feature && target.starts_with(t))
        {
            seen_known.insert(*k);
            continue;
        }
        wrong_edges
            .entry(format!("{file} ({})", edge.from_module))
            .or_default()
            .insert(format!("{target}: {why}"));
    }
    assert!(
        wrong_edges.is_empty(),
        "imports against the layers (README, \"Where things go\"):\n{wrong_edges:#?}"
    );
    let gone: Vec<_> = known.difference(&seen_known).collect();
    assert!(
        gone.is_empty(),
        "these known exceptions no longer occur; remove them from KNOWN: {gone:?}"
    );
}

#[test]
fn every_module_of_src_is_in_a_layer() {
    // `edges` panics on a file in no layer; this names the test that says so.
    assert!(!edges().is_empty());
}

#[test]
fn the_reader_finds_grouped_and_relative_paths() {
    let module = vec!["payments".to_string(), "api".to_string()];
    let found = paths_named(
        "use crate::{db::Db, identity::guard::{self, invalid}};\nuse super::store::Capture;\nlet x = crate::orders::notices::tell(a);",
        &module,
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        vec![
            "db::Db",
            "identity::guard",
            "identity::guard::invalid",
            "payments::store::Capture",
            "orders::notices::tell"
        ]
    );
    let wrong_way = Edge {
        from: place(&["catalog".into(), "pages".into()]).unwrap(),
        from_module: "catalog::pages".into(),
        to: place(&["orders".into(), "pages".into()]).unwrap(),
        to_module: "orders::pages".into(),
    };
    assert_eq!(wrong(&wrong_way), Some("imports a higher feature"));
    let endpoints = Edge {
        from: place(&["orders".into(), "pages".into()]).unwrap(),
        from_module: "orders::pages".into(),
        to: place(&["cart".into(), "api".into()]).unwrap(),
        to_module: "cart::api".into(),
    };
    assert_eq!(
        wrong(&endpoints),
        Some("imports another feature's endpoints")
    );
    let up = Edge {
        from: place(&["ui".into()]).unwrap(),
        from_module: "ui".into(),
        to: place(&["catalog".into()]).unwrap(),
        to_module: "catalog".into(),
    };
    assert_eq!(wrong(&up), Some("imports a higher layer"));
}
