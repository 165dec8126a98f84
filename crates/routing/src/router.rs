//! The routing configuration in force: rules, deadline policy and the working-day calendar.

use std::path::Path;

use hotline_domain::{RiskLevel, WorkCalendar};
use serde::Deserialize;

use crate::deadlines::DeadlinePolicy;
use crate::holidays::{self, one_line};
use crate::rules::{CaseFacts, Decision, RiskRule, Rule, RuleSet};
use crate::RoutingError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutingFile {
    deadlines: DeadlinePolicy,
    triage: Triage,
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Triage {
    default_risk: RiskLevel,
    #[serde(default)]
    rules: Vec<RiskRule>,
}

#[derive(Debug, Clone)]
pub struct Router {
    pub rules: RuleSet,
    pub deadlines: DeadlinePolicy,
    pub calendar: WorkCalendar,
}

impl Router {
    /// Read and check both files; the error names the file and every problem in it.
    pub fn load(routing_file: &Path, holidays_file: &Path) -> Result<Router, RoutingError> {
        let read = |key: &str, path: &Path| {
            std::fs::read_to_string(path)
                .map_err(|e| RoutingError::Config(format!("{key}: {}: {e}", path.display())))
        };
        let routing = read("routing_file", routing_file)?;
        let holidays = read("holidays_file", holidays_file)?;
        Router::parse(&routing, &holidays).map_err(|(key, problems)| {
            let path = if key == "routing_file" {
                routing_file
            } else {
                holidays_file
            };
            RoutingError::Config(format!(
                "{key}: {}: {}",
                path.display(),
                problems.join("; ")
            ))
        })
    }

    /// Parse both texts; on failure, which file (its config key) and its problems.
    pub fn parse(routing: &str, holidays: &str) -> Result<Router, (&'static str, Vec<String>)> {
        let file: RoutingFile = toml::from_str(routing)
            .map_err(|e| ("routing_file", vec![one_line(&e.to_string())]))?;
        let rules = RuleSet {
            default_risk: file.triage.default_risk,
            risk_rules: file.triage.rules,
            rules: file.rules,
        };
        let mut problems = rules.problems();
        problems.extend(file.deadlines.problems());
        if !problems.is_empty() {
            return Err(("routing_file", problems));
        }
        let calendar = holidays::parse(holidays).map_err(|p| ("holidays_file", p))?;
        Ok(Router {
            rules,
            deadlines: file.deadlines,
            calendar,
        })
    }

    pub fn decide(&self, facts: &CaseFacts) -> Decision {
        self.rules.decide(facts)
    }
}
