//! `--show-fixes`: what `--fix` wrote, per file and rule, as ruff enumerates it.

use std::collections::BTreeMap;

use amlint::fix::FileFix;

/// The fixes written so far: per file (in the order written), how many of each rule.
#[derive(Default)]
pub struct Shown {
    files: Vec<(String, BTreeMap<&'static str, usize>)>,
}

/// Count what `file`'s fixes were (after it was written).
pub fn record(shown: &mut Shown, file: &FileFix) {
    let mut counts = BTreeMap::new();
    for rule in &file.rules {
        *counts.entry(*rule).or_insert(0) += 1;
    }
    shown.files.push((file.display.clone(), counts));
}

impl Shown {
    /// `Fixed N finding(s):` then `- FILE:` and `    N × rule` lines; `No fixes applied.` when
    /// none was.
    pub fn render(&self) -> String {
        let total: usize = self.files.iter().flat_map(|(_, c)| c.values()).sum();
        if total == 0 {
            return "No fixes applied.".into();
        }
        let mut out = format!("Fixed {total} finding(s):");
        for (display, counts) in &self.files {
            out.push_str(&format!("\n- {}:", amlint::output::shown(display)));
            for (rule, count) in counts {
                out.push_str(&format!("\n    {count} × {rule}"));
            }
        }
        out
    }
}
