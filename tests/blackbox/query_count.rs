//! Nested reads are batched: the number of SQL statements depends on the
//! depth of a query, not on how many rows it returns.

use orkesta_tests::{Person, TestServer, on_both_backends};
use serde_json::json;

const NESTED: &str = "query($ws: String!) { workspace(slug: $ws) { projects(first: 50) { nodes { slug members(first: 50) { nodes { user { email } effectiveRole { key } } } } } } }";

/// A workspace with `projects` projects of `members` members each (the
/// Admin included); returns the statements the nested read ran.
async fn statements_for(
    server: &TestServer,
    admin: &Person,
    people: &[Person],
    ws: &str,
    projects: usize,
    members: usize,
) -> u64 {
    server.workspace(admin, ws).await;
    let slugs: Vec<String> = (0..projects).map(|i| format!("project-{i}")).collect();
    for slug in &slugs {
        server.project(admin, ws, slug).await;
    }
    let others = &people[..members - 1];
    let roles: Vec<(&Person, &str)> = others.iter().map(|p| (p, "member")).collect();
    server.add_members(ws, &roles).await;
    server.assign_all(ws, &slugs, others).await;

    // The least of three runs: the count of the query itself, whatever
    // else the server happens to do meanwhile (it counts every request
    // statement). Growth with rows still shows in every run.
    let mut least = u64::MAX;
    for _ in 0..3 {
        let before = server.request_statements().await;
        let r = server
            .gql_as(Some(&admin.token), NESTED, json!({ "ws": ws }))
            .await;
        let after = server.request_statements().await;
        let nodes = r.data()["workspace"]["projects"]["nodes"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(nodes.len(), projects);
        assert!(
            nodes
                .iter()
                .all(|p| p["members"]["nodes"].as_array().unwrap().len() == members)
        );
        least = least.min(after - before);
    }
    least
}

on_both_backends! {
    async fn nested_reads_run_the_same_statements_for_5x5_and_50x20(server: TestServer) {
        let admin = server.person("admin").await;
        let mut people = Vec::new();
        for i in 0..19 {
            people.push(server.person(&format!("member{i}")).await);
        }
        let small = statements_for(&server, &admin, &people, "small", 5, 5).await;
        let large = statements_for(&server, &admin, &people, "large", 50, 20).await;
        eprintln!("{:?}: workspace → projects → members → user, effectiveRole: {small} statements for 5×5, {large} for 50×20", server.backend);
        assert_eq!(small, large, "statements must not grow with rows");
        assert!(small <= 15, "{small} statements for one nested read");
    }
}
