//! Snapshots of the human report: reviewers see exactly what users will see.

use crate::common;

use common::{root, run};

fn human(args: &[&str]) -> String {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = run(&all, root());
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn hyphenated_input_name() {
    insta::assert_snapshot!(human(&["fixtures/input-key-charset/bad-hyphen.yml"]));
}

#[test]
fn float_type_with_its_fix() {
    insta::assert_snapshot!(human(&["fixtures/literal-type-float/bad-float.yml"]));
}

#[test]
fn masked_sas_token() {
    insta::assert_snapshot!(human(&["fixtures/embedded-credential/bad-sas.yml"]));
}

#[test]
fn model_deployment_outputs() {
    insta::assert_snapshot!(human(&[
        "--deployment-kind",
        "model",
        "fixtures/model-deployment-output-type/bad-folder-output.yml"
    ]));
}

#[test]
fn syntax_error() {
    insta::assert_snapshot!(human(&["fixtures/yaml-syntax/bad-unclosed-flow.yml"]));
}

#[test]
fn set_item_three_continuation_lines_down() {
    insta::assert_snapshot!(human(&[
        "fixtures/literal-default-invalid/bad-set-in-markdown.md"
    ]));
}

#[test]
fn abbreviated_flags_in_a_script() {
    insta::assert_snapshot!(human(&["fixtures/abbreviated-flag/bad-prefixes.sh"]));
}
