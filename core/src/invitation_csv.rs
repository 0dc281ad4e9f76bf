//! The invitation CSV format (DESIGN §7), parsed identically by the server's
//! `importInvitations` and the SDK's `parseInvitationCsv`.
//!
//! RFC 4180 records (quoted fields, CRLF or LF), UTF-8 with an optional BOM,
//! blank lines ignored. A header row names the columns `email`, `role` and
//! optionally `projects` (`;`-separated `projectSlug` or
//! `projectSlug:roleKey`). Every problem is collected with its line (1 = the
//! first line of the file), column and code; the parser never stops at the
//! first one unless the rest of the file cannot be interpreted.
//!
//! Structural checks always run. The data-dependent ones (unknown role or
//! project, allowed domains, escalation) run only when a [`CsvContext`] is
//! given.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::access::{may_grant_in_project, may_grant_in_workspace};
use crate::permission::PermissionSet;
use crate::role::RoleDefinition;
use crate::validate::{Email, parse_email};

/// At most this many data rows (the header is not one).
pub const MAX_ROWS: usize = 5_000;
/// At most this many bytes.
pub const MAX_BYTES: usize = 1024 * 1024;

/// A column of the format, as named in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum CsvColumn {
    Email,
    Role,
    Projects,
}

impl CsvColumn {
    pub const fn as_str(self) -> &'static str {
        match self {
            CsvColumn::Email => "email",
            CsvColumn::Role => "role",
            CsvColumn::Projects => "projects",
        }
    }

    fn from_header(name: &str) -> Option<CsvColumn> {
        match name.trim().to_lowercase().as_str() {
            "email" => Some(CsvColumn::Email),
            "role" => Some(CsvColumn::Role),
            "projects" => Some(CsvColumn::Projects),
            _ => None,
        }
    }
}

/// Problem codes. The wire names are part of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CsvCode {
    FileTooLarge,
    InvalidEncoding,
    InvalidQuoting,
    MissingHeader,
    UnknownColumn,
    WrongFieldCount,
    TooManyRows,
    InvalidEmail,
    DuplicateEmail,
    EmailDomainNotAllowed,
    UnknownRole,
    Escalation,
    UnknownProject,
    DuplicateProject,
}

impl CsvCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            CsvCode::FileTooLarge => "FILE_TOO_LARGE",
            CsvCode::InvalidEncoding => "INVALID_ENCODING",
            CsvCode::InvalidQuoting => "INVALID_QUOTING",
            CsvCode::MissingHeader => "MISSING_HEADER",
            CsvCode::UnknownColumn => "UNKNOWN_COLUMN",
            CsvCode::WrongFieldCount => "WRONG_FIELD_COUNT",
            CsvCode::TooManyRows => "TOO_MANY_ROWS",
            CsvCode::InvalidEmail => "INVALID_EMAIL",
            CsvCode::DuplicateEmail => "DUPLICATE_EMAIL",
            CsvCode::EmailDomainNotAllowed => "EMAIL_DOMAIN_NOT_ALLOWED",
            CsvCode::UnknownRole => "UNKNOWN_ROLE",
            CsvCode::Escalation => "ESCALATION",
            CsvCode::UnknownProject => "UNKNOWN_PROJECT",
            CsvCode::DuplicateProject => "DUPLICATE_PROJECT",
        }
    }
}

impl fmt::Display for CsvCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, tied to its line (0 = the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct CsvProblem {
    pub line: u32,
    pub column: Option<CsvColumn>,
    pub code: CsvCode,
    pub message: String,
}

/// A project assignment of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct CsvProject {
    pub project_slug: String,
    /// `None` (`null`) = inherit the invited workspace role.
    pub role_key: Option<String>,
}

/// One valid data row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CsvInvitation {
    pub line: u32,
    pub email: Email,
    pub role_key: String,
    pub projects: Vec<CsvProject>,
}

/// The parse result. When `problems` is non-empty nothing may be written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ParsedInvitationCsv {
    /// Data rows read (blank lines and the header excluded).
    pub rows_read: u32,
    /// Rows without problems, in file order.
    pub invitations: Vec<CsvInvitation>,
    pub problems: Vec<CsvProblem>,
}

/// Who is importing: grants are checked against this (no escalation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "camelCase")]
pub struct CsvGranter {
    pub workspace_role: RoleDefinition,
    /// The granter's permissions in each project it can see (see
    /// [`crate::access::project_permissions`]).
    pub project_permissions: HashMap<String, PermissionSet>,
}

/// What the workspace knows, for the data-dependent checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CsvContext {
    /// Every role of the workspace, built-in and custom.
    pub roles: Vec<RoleDefinition>,
    /// Slugs of the projects the importer can see.
    pub project_slugs: Vec<String>,
    /// Empty = any domain.
    pub allowed_email_domains: Vec<String>,
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub granter: Option<CsvGranter>,
}

/// Parses an invitation CSV. Never panics, whatever the bytes.
pub fn parse_invitation_csv(bytes: &[u8], context: Option<&CsvContext>) -> ParsedInvitationCsv {
    let mut out = ParsedInvitationCsv::default();
    if bytes.len() > MAX_BYTES {
        out.problems.push(problem(
            0,
            None,
            CsvCode::FileTooLarge,
            format!("the file is larger than {MAX_BYTES} bytes (1 MiB)"),
        ));
        return out;
    }
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(problems) => {
            out.problems = problems;
            return out;
        }
    };
    let mut records = Records::new(text);

    let Some(header) = records.next_non_blank() else {
        out.problems.push(problem(
            1,
            None,
            CsvCode::MissingHeader,
            "the file is empty; the first line must name the columns email,role[,projects]".into(),
        ));
        return out;
    };
    if let Some(p) = header.problem {
        out.problems.push(p);
        return out;
    }
    let Some(columns) = read_header(&header, &mut out.problems) else {
        return out;
    };

    let mut rows = RowChecker::new(context);
    while let Some(record) = records.next_non_blank() {
        if out.rows_read as usize == MAX_ROWS {
            out.problems.push(problem(
                record.line,
                None,
                CsvCode::TooManyRows,
                format!("the file has more than {MAX_ROWS} data rows"),
            ));
            break;
        }
        out.rows_read += 1;
        if let Some(p) = record.problem {
            out.problems.push(p);
            continue;
        }
        if record.fields.len() != columns.len() {
            out.problems.push(problem(
                record.line,
                None,
                CsvCode::WrongFieldCount,
                format!(
                    "expected {} fields like the header, found {}",
                    columns.len(),
                    record.fields.len()
                ),
            ));
            continue;
        }
        let cell = |wanted: CsvColumn| {
            columns
                .iter()
                .position(|c| *c == Some(wanted))
                .map_or("", |i| record.fields[i].as_str())
        };
        if let Some(invitation) = rows.check(
            record.line,
            cell(CsvColumn::Email),
            cell(CsvColumn::Role),
            cell(CsvColumn::Projects),
            &mut out.problems,
        ) {
            out.invitations.push(invitation);
        }
    }
    out
}

fn problem(line: u32, column: Option<CsvColumn>, code: CsvCode, message: String) -> CsvProblem {
    CsvProblem {
        line,
        column,
        code,
        message,
    }
}

/// UTF-8 with an optional BOM; every line holding invalid bytes is reported.
fn decode(bytes: &[u8]) -> Result<&str, Vec<CsvProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text);
    }
    let mut problems = Vec::new();
    let mut line: u32 = 1;
    let mut last_reported = 0;
    for chunk in bytes.utf8_chunks() {
        line += chunk.valid().matches('\n').count() as u32;
        if !chunk.invalid().is_empty() && line != last_reported {
            problems.push(problem(
                line,
                None,
                CsvCode::InvalidEncoding,
                "this line is not valid UTF-8".into(),
            ));
            last_reported = line;
        }
    }
    Err(problems)
}

/// The header's columns in order; `None` for an unknown column, whose values
/// are ignored. Returns `None` when rows cannot be interpreted.
fn read_header(header: &Record, problems: &mut Vec<CsvProblem>) -> Option<Vec<Option<CsvColumn>>> {
    let mut columns = Vec::with_capacity(header.fields.len());
    for name in &header.fields {
        let column = CsvColumn::from_header(name);
        match column {
            None => problems.push(problem(
                header.line,
                None,
                CsvCode::UnknownColumn,
                format!(
                    "unknown column `{}`; the columns are email, role and projects",
                    name.trim()
                ),
            )),
            Some(c) if columns.contains(&Some(c)) => {
                problems.push(problem(
                    header.line,
                    None,
                    CsvCode::UnknownColumn,
                    format!("column `{}` appears more than once", c.as_str()),
                ));
            }
            Some(_) => {}
        }
        columns.push(column);
    }
    let missing: Vec<&str> = [CsvColumn::Email, CsvColumn::Role]
        .into_iter()
        .filter(|c| !columns.contains(&Some(*c)))
        .map(CsvColumn::as_str)
        .collect();
    if !missing.is_empty() {
        problems.push(problem(
            header.line,
            None,
            CsvCode::MissingHeader,
            format!(
                "the header must name the columns email,role[,projects]; missing: {}",
                missing.join(", ")
            ),
        ));
        return None;
    }
    Some(columns)
}

/// Per-row value checks, remembering emails seen earlier in the file.
struct RowChecker<'a> {
    context: Option<&'a CsvContext>,
    seen_emails: HashMap<String, u32>,
}

impl<'a> RowChecker<'a> {
    fn new(context: Option<&'a CsvContext>) -> Self {
        RowChecker {
            context,
            seen_emails: HashMap::new(),
        }
    }

    fn role(&self, key: &str) -> Option<Option<&'a RoleDefinition>> {
        match self.context {
            None => Some(None),
            Some(ctx) => ctx.roles.iter().find(|r| r.key == key).map(Some),
        }
    }

    fn check(
        &mut self,
        line: u32,
        email: &str,
        role: &str,
        projects: &str,
        problems: &mut Vec<CsvProblem>,
    ) -> Option<CsvInvitation> {
        let before = problems.len();
        let email = match parse_email(email) {
            Ok(email) => Some(email),
            Err(e) => {
                problems.push(problem(
                    line,
                    Some(CsvColumn::Email),
                    CsvCode::InvalidEmail,
                    e.message,
                ));
                None
            }
        };
        if let Some(email) = &email {
            if let Some(first) = self.seen_emails.get(&email.normalized) {
                problems.push(problem(
                    line,
                    Some(CsvColumn::Email),
                    CsvCode::DuplicateEmail,
                    format!("{} already appears on line {first}", email.as_entered),
                ));
            } else {
                self.seen_emails.insert(email.normalized.clone(), line);
            }
            if let Some(ctx) = self.context {
                let domain = email.domain();
                if !ctx.allowed_email_domains.is_empty()
                    && !ctx
                        .allowed_email_domains
                        .iter()
                        .any(|d| d.eq_ignore_ascii_case(domain))
                {
                    problems.push(problem(
                        line,
                        Some(CsvColumn::Email),
                        CsvCode::EmailDomainNotAllowed,
                        format!("invitations to `{domain}` are not allowed in this workspace"),
                    ));
                }
            }
        }

        let role_key = role.trim();
        match (role_key.is_empty(), self.role(role_key)) {
            (true, _) => problems.push(problem(
                line,
                Some(CsvColumn::Role),
                CsvCode::UnknownRole,
                "the role is empty".into(),
            )),
            (false, None) => problems.push(problem(
                line,
                Some(CsvColumn::Role),
                CsvCode::UnknownRole,
                format!("no role with key `{role_key}`"),
            )),
            (false, Some(Some(def))) => {
                if let Some(granter) = self.context.and_then(|c| c.granter.as_ref())
                    && !may_grant_in_workspace(&granter.workspace_role, def.permissions)
                {
                    problems.push(problem(
                        line,
                        Some(CsvColumn::Role),
                        CsvCode::Escalation,
                        format!(
                            "you cannot grant role `{role_key}`: it has permissions you do not hold"
                        ),
                    ));
                }
            }
            (false, Some(None)) => {}
        }

        let projects = self.check_projects(line, projects, problems);
        match email {
            Some(email) if problems.len() == before => Some(CsvInvitation {
                line,
                email,
                role_key: role_key.to_owned(),
                projects,
            }),
            _ => None,
        }
    }

    fn check_projects(
        &self,
        line: u32,
        cell: &str,
        problems: &mut Vec<CsvProblem>,
    ) -> Vec<CsvProject> {
        let mut out: Vec<CsvProject> = Vec::new();
        let mut seen = HashSet::new();
        let mut report =
            |code, message| problems.push(problem(line, Some(CsvColumn::Projects), code, message));
        for item in cell.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            let (slug, role_key) = match item.split_once(':') {
                Some((s, r)) => (s.trim(), Some(r.trim())),
                None => (item, None),
            };
            if !seen.insert(slug) {
                report(
                    CsvCode::DuplicateProject,
                    format!("project `{slug}` is listed more than once"),
                );
                continue;
            }
            if let Some(ctx) = self.context
                && !ctx.project_slugs.iter().any(|p| p == slug)
            {
                report(
                    CsvCode::UnknownProject,
                    format!("no project with slug `{slug}`"),
                );
                continue;
            }
            if let Some(key) = role_key {
                match (key.is_empty(), self.role(key)) {
                    (true, _) => report(
                        CsvCode::UnknownRole,
                        format!("the role after `{slug}:` is empty"),
                    ),
                    (false, None) => {
                        report(CsvCode::UnknownRole, format!("no role with key `{key}`"));
                    }
                    (false, Some(Some(def))) => {
                        if let Some(granter) = self.context.and_then(|c| c.granter.as_ref()) {
                            let held = granter
                                .project_permissions
                                .get(slug)
                                .copied()
                                .unwrap_or_default();
                            if !may_grant_in_project(&granter.workspace_role, held, def.permissions)
                            {
                                report(
                                    CsvCode::Escalation,
                                    format!("you cannot grant role `{key}` in project `{slug}`"),
                                );
                            }
                        }
                    }
                    (false, Some(None)) => {}
                }
            }
            out.push(CsvProject {
                project_slug: slug.to_owned(),
                role_key: role_key.map(str::to_owned),
            });
        }
        out
    }
}

/// One RFC 4180 record and the line it starts on.
#[derive(Debug)]
struct Record {
    line: u32,
    fields: Vec<String>,
    problem: Option<CsvProblem>,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.problem.is_none() && self.fields.len() == 1 && self.fields[0].trim().is_empty()
    }
}

struct Records<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: u32,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Self {
        Records {
            chars: text.chars().peekable(),
            line: 1,
        }
    }

    fn next_non_blank(&mut self) -> Option<Record> {
        loop {
            let record = self.next_record()?;
            if !record.is_blank() {
                return Some(record);
            }
        }
    }

    /// Consumes a line break (LF, CRLF or a lone CR) if one is next.
    fn eat_newline(&mut self, c: char) -> bool {
        match c {
            '\n' => {}
            '\r' => {
                if self.chars.peek() == Some(&'\n') {
                    self.chars.next();
                }
            }
            _ => return false,
        }
        self.line += 1;
        true
    }

    fn skip_rest_of_line(&mut self) {
        while let Some(c) = self.chars.next() {
            if self.eat_newline(c) {
                return;
            }
        }
    }

    fn next_record(&mut self) -> Option<Record> {
        self.chars.peek()?;
        let line = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let bad_quoting = |message: &str| {
            Some(problem(
                line,
                None,
                CsvCode::InvalidQuoting,
                message.to_owned(),
            ))
        };
        loop {
            // At the start of a field.
            if self.chars.peek() == Some(&'"') {
                self.chars.next();
                let quote_line = self.line;
                loop {
                    match self.chars.next() {
                        None => {
                            let message = format!(
                                "a quoted field opened on line {quote_line} is never closed"
                            );
                            return Some(Record {
                                line,
                                fields,
                                problem: bad_quoting(&message),
                            });
                        }
                        Some('"') if self.chars.peek() == Some(&'"') => {
                            self.chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' || (c == '\r' && self.chars.peek() != Some(&'\n')) {
                                self.line += 1;
                            }
                            field.push(c);
                        }
                    }
                }
                match self.chars.next() {
                    None => {
                        fields.push(field);
                        return Some(Record {
                            line,
                            fields,
                            problem: None,
                        });
                    }
                    Some(',') => {
                        fields.push(std::mem::take(&mut field));
                        continue;
                    }
                    Some(c) if self.eat_newline(c) => {
                        fields.push(field);
                        return Some(Record {
                            line,
                            fields,
                            problem: None,
                        });
                    }
                    Some(_) => {
                        self.skip_rest_of_line();
                        return Some(Record {
                            line,
                            fields,
                            problem: bad_quoting(
                                "text after a closing quote; quote the whole field and double inner quotes",
                            ),
                        });
                    }
                }
            }
            // An unquoted field: up to the next comma or line break.
            loop {
                match self.chars.next() {
                    None => {
                        fields.push(field);
                        return Some(Record {
                            line,
                            fields,
                            problem: None,
                        });
                    }
                    Some(',') => {
                        fields.push(std::mem::take(&mut field));
                        break;
                    }
                    Some(c) if self.eat_newline(c) => {
                        fields.push(field);
                        return Some(Record {
                            line,
                            fields,
                            problem: None,
                        });
                    }
                    Some(c) => field.push(c),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::permission::Permission;
    use crate::role::BuiltinRole;

    fn parse(text: &str) -> ParsedInvitationCsv {
        parse_invitation_csv(text.as_bytes(), None)
    }

    fn codes(p: &ParsedInvitationCsv) -> Vec<(u32, Option<&'static str>, &'static str)> {
        p.problems
            .iter()
            .map(|p| (p.line, p.column.map(CsvColumn::as_str), p.code.as_str()))
            .collect()
    }

    fn context() -> CsvContext {
        let mut roles: Vec<_> = BuiltinRole::ALL
            .into_iter()
            .map(RoleDefinition::builtin)
            .collect();
        roles.push(RoleDefinition::custom(
            "billing",
            PermissionSet::from_slice(&[Permission::BillingManage, Permission::BillingRead]),
        ));
        CsvContext {
            roles,
            project_slugs: vec!["web".into(), "api".into()],
            allowed_email_domains: vec!["Example.com".into()],
            granter: None,
        }
    }

    #[test]
    fn parses_a_valid_file_with_quotes_crlf_bom_and_blank_lines() {
        let text = "\u{feff}Email , ROLE,projects\r\n\r\nada@example.com,member,\"web;api:viewer\"\r\n\n\"bob@example.com\",viewer,\n";
        let p = parse(text);
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.rows_read, 2);
        assert_eq!(p.invitations[0].line, 3);
        assert_eq!(
            p.invitations[0].projects,
            vec![
                CsvProject {
                    project_slug: "web".into(),
                    role_key: None
                },
                CsvProject {
                    project_slug: "api".into(),
                    role_key: Some("viewer".into())
                },
            ]
        );
        assert_eq!(p.invitations[1].line, 5);
        assert_eq!(p.invitations[1].email.normalized, "bob@example.com");
    }

    #[test]
    fn projects_column_is_optional() {
        let p = parse("email,role\na@example.com,member\n");
        assert_eq!(p.problems, vec![]);
        assert_eq!(p.invitations[0].projects, vec![]);
    }

    #[test]
    fn quoted_fields_may_span_lines_and_lines_keep_counting() {
        let p = parse(
            "email,role,projects\n\"a@example.com\",member,\"web;\napi\"\nnot-an-email,member,\n",
        );
        assert_eq!(codes(&p), vec![(4, Some("email"), "INVALID_EMAIL")]);
        assert_eq!(p.invitations.len(), 1);
    }

    #[test]
    fn header_problems_are_reported_on_line_one() {
        assert_eq!(codes(&parse("")), vec![(1, None, "MISSING_HEADER")]);
        assert_eq!(
            codes(&parse("a@example.com,member\n")),
            vec![
                (1, None, "UNKNOWN_COLUMN"),
                (1, None, "UNKNOWN_COLUMN"),
                (1, None, "MISSING_HEADER")
            ]
        );
        assert_eq!(
            codes(&parse("email,role,team\na@example.com,member,x\n")),
            vec![(1, None, "UNKNOWN_COLUMN")]
        );
        assert_eq!(
            codes(&parse("email,role,email\n")),
            vec![(1, None, "UNKNOWN_COLUMN")]
        );
    }

    #[test]
    fn every_row_problem_is_reported_with_line_and_column() {
        let text = "email,role,projects\n\
                    ok@example.com,member,web\n\
                    bad,member,\n\
                    OK@example.com,viewer,\n\
                    c@example.com,,\n\
                    d@example.com,member\n\
                    e@example.com,member,\"web;web\"\n\
                    \"f@example.com\"x,member,\n";
        let p = parse(text);
        assert_eq!(
            codes(&p),
            vec![
                (3, Some("email"), "INVALID_EMAIL"),
                (4, Some("email"), "DUPLICATE_EMAIL"),
                (5, Some("role"), "UNKNOWN_ROLE"),
                (6, None, "WRONG_FIELD_COUNT"),
                (7, Some("projects"), "DUPLICATE_PROJECT"),
                (8, None, "INVALID_QUOTING"),
            ]
        );
        assert_eq!(p.rows_read, 7);
        assert!(p.problems[1].message.contains("line 2"));
    }

    #[test]
    fn data_dependent_checks_run_only_with_a_context() {
        let text = "email,role,projects\na@other.org,owner,\"web:ghost;mobile\"\nb@EXAMPLE.com,billing,web:member\n";
        assert_eq!(codes(&parse(text)), vec![]);
        let ctx = context();
        let p = parse_invitation_csv(text.as_bytes(), Some(&ctx));
        assert_eq!(
            codes(&p),
            vec![
                (2, Some("email"), "EMAIL_DOMAIN_NOT_ALLOWED"),
                (2, Some("role"), "UNKNOWN_ROLE"),
                (2, Some("projects"), "UNKNOWN_ROLE"),
                (2, Some("projects"), "UNKNOWN_PROJECT"),
            ]
        );
        assert_eq!(p.invitations.len(), 1, "domains match case-insensitively");
    }

    #[test]
    fn escalation_is_checked_at_workspace_and_project_scope() {
        let mut ctx = context();
        ctx.granter = Some(CsvGranter {
            workspace_role: RoleDefinition::builtin(BuiltinRole::Member),
            project_permissions: HashMap::from([(
                "web".to_owned(),
                BuiltinRole::Admin.permissions().project_part(),
            )]),
        });
        let text = "email,role,projects\na@example.com,admin,\nb@example.com,viewer,web:admin\nc@example.com,viewer,api:member\n";
        let p = parse_invitation_csv(text.as_bytes(), Some(&ctx));
        assert_eq!(
            codes(&p),
            vec![
                (2, Some("role"), "ESCALATION"),
                (4, Some("projects"), "ESCALATION")
            ]
        );
    }

    #[test]
    fn limits_on_size_and_row_count() {
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(
            codes(&parse_invitation_csv(&big, None)),
            vec![(0, None, "FILE_TOO_LARGE")]
        );
        let mut text = String::from("email,role\n");
        for i in 0..MAX_ROWS + 3 {
            text.push_str(&format!("u{i}@example.com,member\n"));
        }
        let p = parse(&text);
        assert_eq!(
            codes(&p),
            vec![(MAX_ROWS as u32 + 2, None, "TOO_MANY_ROWS")]
        );
        let exactly: String = text
            .lines()
            .take(MAX_ROWS + 1)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(parse(&exactly).invitations.len(), MAX_ROWS);
    }

    #[test]
    fn invalid_utf8_is_reported_on_its_line() {
        let bytes = b"email,role\na@example.com,member\nb\xff@example.com,member\n";
        assert_eq!(
            codes(&parse_invitation_csv(bytes, None)),
            vec![(3, None, "INVALID_ENCODING")]
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_its_record_starts() {
        assert_eq!(
            codes(&parse("email,role\n\"a@example.com,member\n\n")),
            vec![(2, None, "INVALID_QUOTING")]
        );
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse_invitation_csv(&bytes, None);
            let _ = parse_invitation_csv(&bytes, Some(&context()));
        }

        #[test]
        fn never_panics_on_csv_like_text(text in "[a-z@.,;:\"\r\n ]{0,400}") {
            let with_header = format!("email,role,projects\n{text}");
            let parsed = parse_invitation_csv(with_header.as_bytes(), Some(&context()));
            for p in &parsed.problems {
                prop_assert!(p.line >= 1);
            }
        }
    }
}
