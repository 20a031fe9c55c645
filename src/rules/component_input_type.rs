//! ## What it does
//! Reports an input whose type differs from the one its pipeline component declares: a literal of
//! another type (`string` given to an `integer`), a data input where a literal is declared (or the
//! reverse), `uri_file` for `uri_folder` (or the reverse).
//!
//! ## Why is this bad?
//! The job binds the value to the component's input as declared: a string where the step expects
//! an integer, or a folder where it expects one file, fails inside the step (or, for a literal,
//! is parsed as something else). An `integer` given to a `number` input is fine and not reported.
//! amlint reads local and inline components only; without a public source for the service's
//! answer, this is a warning.
//!
//! ## Example
//! ```yaml
//! # pipeline.yml declares `max_rows` as integer
//! inputs:
//!   max_rows:
//!     type: string
//!     default: "500"
//! ```
//!
//! ## Fix
//! Give the declared type (`type: integer`, `default: 500`). This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{InputType, Invocation, Origin};
use crate::rules::{Basis, Class, Context, Rule};

pub struct ComponentInputType;

impl Rule for ComponentInputType {
    fn id(&self) -> &'static str {
        "component-input-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("the deployment's component YAML: declared input types")
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(component) = &invocation.component else {
            return;
        };
        for io in invocation.inputs.iter().filter(|io| !io.from_flag) {
            let Some(declared) = component.input(&io.name) else {
                continue;
            };
            let (Some(want), Some(given)) = (declared.ty.as_deref(), io.type_value()) else {
                continue;
            };
            // A REST literal has no type of its own (its `Value` is text): only data against a
            // literal is judged there.
            let literal = |t: &str| InputType::parse(t).is_some_and(InputType::is_literal);
            let rest_literal = invocation.origin == Origin::RestBody
                && InputType::parse(&given.text) == Some(InputType::String);
            if compatible(want, &given.text) || (rest_literal && literal(want)) {
                continue;
            }
            let kind = |t: &str| {
                if literal(t) { "a literal" } else { "data" }
            };
            let detail = if kind(want) == kind(&given.text) {
                String::new()
            } else {
                format!(" ({} where {} is declared)", kind(&given.text), kind(want))
            };
            cx.report(
                given.span,
                format!(
                    "`{}` is given as `{}`, but the component `{}` declares it as {want} \
                     (declared in {}:{}){detail}",
                    io.name, given.text, component.name, component.display, declared.line
                ),
            )
            .help(format!("give `{}` as `{want}`", io.name));
        }
    }
}

/// Whether a value of type `given` binds to an input declared `want`.
fn compatible(want: &str, given: &str) -> bool {
    // Types the component writes in other spellings (`path`, `string` aliases) are not judged.
    let (Some(want), Some(given)) = (InputType::parse(want), InputType::parse(given)) else {
        return true;
    };
    want == given || (want == InputType::Number && given == InputType::Integer)
}
