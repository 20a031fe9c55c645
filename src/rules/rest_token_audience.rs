//! ## What it does
//! Reports, in a file that posts a batch job body to an endpoint's `/jobs`, a bearer token
//! obtained for another audience than Azure Machine Learning: `az account get-access-token`
//! without `--resource https://ml.azure.com` (its default is Azure Resource Manager),
//! `Get-AzAccessToken` without `-ResourceUrl https://ml.azure.com`, or a credential's
//! `get_token("…")` for another scope.
//!
//! ## Why is this bad?
//! A batch endpoint accepts tokens for `https://ml.azure.com` only. The troubleshooting guide for
//! batch endpoints: when invoking with a token, "you must set the `resource` parameter to
//! `https://ml.azure.com`"; a token for `https://management.azure.com` is refused with
//! `401 Unauthorized` after the script has done everything else.
//!
//! A warning, not an error: amlint does not follow the token from where it is obtained to the
//! request's header, and a script may call other services with it. A file that also obtains a
//! token for `https://ml.azure.com` is not reported.
//!
//! ## Example
//! ```powershell
//! $token = (Get-AzAccessToken -ResourceUrl "https://management.azure.com/").Token
//! Invoke-RestMethod -Method Post -Uri $jobsUri -Headers @{ Authorization = "Bearer $token" } -Body $body
//! ```
//!
//! ## Fix
//! ```powershell
//! $token = (Get-AzAccessToken -ResourceUrl "https://ml.azure.com").Token
//! ```
//! (`az account get-access-token --resource https://ml.azure.com`,
//! `credential.get_token("https://ml.azure.com/.default")`). This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct RestTokenAudience;

impl Rule for RestTokenAudience {
    fn id(&self) -> &'static str {
        "rest-token-audience"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("troubleshooting batch endpoints: the token's resource must be https://ml.azure.com (401 otherwise)")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        // Read once per region by the front-end, not once per request.
        let Some(rest) = &invocation.rest else { return };
        let tokens = &rest.tokens;
        if tokens
            .iter()
            .any(|t| t.audience.as_deref().is_some_and(is_ml))
        {
            return;
        }
        for token in tokens.iter() {
            let message = match &token.audience {
                Some(audience) => format!(
                    "the token for this request is obtained for `{audience}`: a batch endpoint accepts tokens for `https://ml.azure.com` only (401 Unauthorized)"
                ),
                None => format!(
                    "`{}` without a resource obtains a token for Azure Resource Manager: a batch endpoint accepts tokens for `https://ml.azure.com` only (401 Unauthorized)",
                    token.command
                ),
            };
            cx.report(token.span, message).help(format!(
                "ask for the Azure Machine Learning audience: {}",
                token.fix
            ));
        }
    }
}

fn is_ml(audience: &str) -> bool {
    let bare = audience
        .trim_end_matches("/.default")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    bare == "https://ml.azure.com" || bare == "ml.azure.com"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audiences(text: &str) -> Vec<(Option<String>, &str)> {
        crate::frontends::rest::token_requests(text)
            .into_iter()
            .map(|t| (t.audience, &text[t.span.start..t.span.end]))
            .collect()
    }

    #[test]
    fn each_way_of_asking_for_a_token() {
        assert_eq!(
            audiences(
                "TOKEN=$(az account get-access-token --resource https://management.azure.com --query accessToken -o tsv)\n"
            ),
            [(
                Some("https://management.azure.com".into()),
                "https://management.azure.com"
            )]
        );
        assert_eq!(
            audiences("TOKEN=$(az account get-access-token --query accessToken -o tsv)\n"),
            [(None, "get-access-token")]
        );
        assert_eq!(
            audiences(
                "$token = (Get-AzAccessToken -ResourceUrl \"https://management.azure.com/\").Token\n"
            ),
            [(
                Some("https://management.azure.com/".into()),
                "https://management.azure.com/"
            )]
        );
        assert_eq!(
            audiences("t = DefaultAzureCredential().get_token('https://ml.azure.com/.default')\n"),
            [(
                Some("https://ml.azure.com/.default".into()),
                "https://ml.azure.com/.default"
            )]
        );
        assert!(is_ml("https://ml.azure.com/.default") && is_ml("https://ml.azure.com/"));
        // A variable is unknown: taken as right.
        assert_eq!(
            audiences("az account get-access-token --resource $RESOURCE\n")[0]
                .0
                .as_deref(),
            Some("https://ml.azure.com")
        );
    }
}
