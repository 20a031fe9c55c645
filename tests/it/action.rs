//! The GitHub Action (action.yml): its steps run locally as a runner would, with
//! GITHUB_ACTIONS=true — the binary route, `args` passed through without shell expansion, and the
//! wheel installed into a virtual environment of the action's own (`.ci/action`).

use crate::common;

#[test]
fn the_action_s_steps_run_as_a_runner_would() {
    let python = std::process::Command::new("python3")
        .args(["-c", "import yaml, venv"])
        .status();
    if !python.is_ok_and(|s| s.success()) {
        eprintln!("skipped: python3 with PyYAML and venv is needed to run .ci/action");
        return;
    }
    let out = std::process::Command::new(common::root().join(".ci/action"))
        .arg(env!("CARGO_BIN_EXE_amlint"))
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_NO_INDEX", "1")
        .output()
        .expect(".ci/action runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
