//! Rows of each table and the queries on them, one module per table (or
//! per closely bound pair). Everything that speaks SQL lives below `db`; the
//! GraphQL layer calls these functions and never names a table.

pub mod api_key;
pub mod audit;
pub mod email_verification;
pub mod invitation;
pub mod member;
pub mod outbox;
pub mod project;
pub mod project_member;
pub mod role;
pub mod session;
pub mod user;
pub mod workspace;
