//! The rule engine: pure. Given the facts of a case, which agencies must act and why, and
//! what risk level triage gives a case that arrived without one.

use std::collections::HashSet;

use hotline_domain::{AgencyKind, Category, ContactType, RiskLevel};
use serde::{Deserialize, Serialize};

/// Where the agency a rule names is found: the commune where it happened, or its province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Commune,
    Province,
}

/// A rule's conditions; each one given must hold, an absent one holds always.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    pub contact_types: Option<Vec<ContactType>>,
    /// At least one of the case's categories is among these.
    pub categories_any: Option<Vec<Category>>,
    /// The (triaged) risk level is this or higher.
    pub risk_at_least: Option<RiskLevel>,
    pub emergency: Option<bool>,
    /// The report carries online evidence (platform, URLs, handles or file hashes).
    pub online_evidence: Option<bool>,
    /// The informant says the content is still online.
    pub content_still_online: Option<bool>,
    pub provinces: Option<Vec<u16>>,
    pub communes: Option<Vec<u32>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub kind: AgencyKind,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// Why, in Vietnamese, for the people who read the case.
    pub reason: String,
    #[serde(default)]
    pub when: Conditions,
    pub refer: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRule {
    pub id: String,
    pub reason: String,
    #[serde(default)]
    pub when: Conditions,
    pub risk: RiskLevel,
}

/// What the engine knows of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub contact_type: ContactType,
    pub categories: Vec<Category>,
    /// As the operator assessed it; `None` leaves it to triage.
    pub risk: Option<RiskLevel>,
    pub emergency: bool,
    pub online_evidence: bool,
    pub content_still_online: bool,
    pub province: u16,
    pub commune: u32,
}

/// Where the case's risk level came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum RiskSource {
    Operator,
    Rule { rule: String, reason: String },
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedRule {
    pub rule: String,
    pub reason: String,
}

/// One agency to refer to, with every rule that asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedReferral {
    pub kind: AgencyKind,
    pub level: Level,
    pub rules: Vec<String>,
    pub reason: String,
}

/// The engine's answer, stored with the case so anyone can see why it went where it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub risk: RiskLevel,
    pub risk_source: RiskSource,
    pub matched: Vec<MatchedRule>,
    pub referrals: Vec<PlannedReferral>,
}

impl Conditions {
    fn hold(&self, facts: &CaseFacts, risk: Option<RiskLevel>) -> bool {
        self.contact_types
            .as_ref()
            .is_none_or(|l| l.contains(&facts.contact_type))
            && self
                .categories_any
                .as_ref()
                .is_none_or(|l| facts.categories.iter().any(|c| l.contains(c)))
            && self
                .risk_at_least
                .is_none_or(|min| risk.is_some_and(|r| r >= min))
            && self.emergency.is_none_or(|e| e == facts.emergency)
            && self
                .online_evidence
                .is_none_or(|e| e == facts.online_evidence)
            && self
                .content_still_online
                .is_none_or(|e| e == facts.content_still_online)
            && self
                .provinces
                .as_ref()
                .is_none_or(|l| l.contains(&facts.province))
            && self
                .communes
                .as_ref()
                .is_none_or(|l| l.contains(&facts.commune))
    }
}

/// The rules in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    pub default_risk: RiskLevel,
    pub risk_rules: Vec<RiskRule>,
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Triage, then every rule in order; referrals to the same agency merge.
    pub fn decide(&self, facts: &CaseFacts) -> Decision {
        let (risk, risk_source) = match facts.risk {
            Some(r) => (r, RiskSource::Operator),
            None => self
                .risk_rules
                .iter()
                .filter(|r| r.when.hold(facts, None))
                .max_by_key(|r| r.risk)
                .map_or((self.default_risk, RiskSource::Default), |r| {
                    (
                        r.risk,
                        RiskSource::Rule {
                            rule: r.id.clone(),
                            reason: r.reason.clone(),
                        },
                    )
                }),
        };
        let mut matched = Vec::new();
        let mut referrals: Vec<PlannedReferral> = Vec::new();
        for rule in self.rules.iter().filter(|r| r.when.hold(facts, Some(risk))) {
            matched.push(MatchedRule {
                rule: rule.id.clone(),
                reason: rule.reason.clone(),
            });
            for target in &rule.refer {
                match referrals
                    .iter_mut()
                    .find(|p| p.kind == target.kind && p.level == target.level)
                {
                    Some(planned) => {
                        planned.rules.push(rule.id.clone());
                        planned.reason.push_str("; ");
                        planned.reason.push_str(&rule.reason);
                    }
                    None => referrals.push(PlannedReferral {
                        kind: target.kind,
                        level: target.level,
                        rules: vec![rule.id.clone()],
                        reason: rule.reason.clone(),
                    }),
                }
            }
        }
        Decision {
            risk,
            risk_source,
            matched,
            referrals,
        }
    }

    /// Problems that make a rule set unusable, one line each.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.rules.is_empty() {
            problems.push("no [[rules]]: no case would be referred anywhere".to_owned());
        }
        let mut seen = HashSet::new();
        let ids = self
            .risk_rules
            .iter()
            .map(|r| (&r.id, &r.reason, 1))
            .chain(self.rules.iter().map(|r| (&r.id, &r.reason, r.refer.len())));
        for (id, reason, targets) in ids {
            if id.trim().is_empty() {
                problems.push("a rule has an empty id".to_owned());
            } else if !seen.insert(id.as_str()) {
                problems.push(format!("rule id `{id}` is used twice"));
            }
            if reason.trim().is_empty() {
                problems.push(format!("rule `{id}` has no reason"));
            }
            if targets == 0 {
                problems.push(format!("rule `{id}` refers to no agency"));
            }
        }
        for rule in &self.rules {
            for t in &rule.refer {
                // Commune groups exist only in communes; other kinds may sit at either level.
                let fits = !(t.kind == AgencyKind::CommuneCpGroup && t.level == Level::Province);
                if !fits {
                    problems.push(format!(
                        "rule `{}`: {} agencies are not found at {:?} level",
                        rule.id, t.kind, t.level
                    ));
                }
            }
        }
        problems
    }
}
