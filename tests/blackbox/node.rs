//! `node(id:)`: every type, with the same visibility as the fields that
//! reach it; malformed, mistyped and invisible ids are all null.

use orkesta_tests::on_both_backends;
use serde_json::{Value, json};

const NODE: &str = "query($id: ID!) { node(id: $id) { id __typename } }";

on_both_backends! {
    async fn node_resolves_visible_objects_and_hides_the_rest(server: TestServer) {
        let ada = server.person("ada").await;
        let eve = server.person("eve").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        let ids = server.gql_as(Some(&ada.token), "{ workspace(slug: \"acme\") { id roles { id } members { nodes { id user { id } } } project(slug: \"web\") { id members { nodes { id } } } } }", json!({})).await;
        let ws = &ids.data()["workspace"];
        let cases = [
            (ws["id"].clone(), "Workspace"),
            (ws["roles"][0]["id"].clone(), "Role"),
            (ws["members"]["nodes"][0]["id"].clone(), "WorkspaceMember"),
            (ws["members"]["nodes"][0]["user"]["id"].clone(), "User"),
            (ws["project"]["id"].clone(), "Project"),
            (ws["project"]["members"]["nodes"][0]["id"].clone(), "ProjectMember"),
        ];
        for (id, typename) in &cases {
            let r = server.gql_as(Some(&ada.token), NODE, json!({ "id": id })).await;
            assert_eq!(r.data()["node"], json!({ "id": id, "__typename": typename }));
            // An outsider gets null, exactly like a missing id.
            let hidden = server.gql_as(Some(&eve.token), NODE, json!({ "id": id })).await;
            assert_eq!(hidden.data()["node"], Value::Null, "{typename} leaked");
        }
        for bad in ["", "garbage", "V29ya3NwYWNlOm5vcGU"] {
            let r = server.gql_as(Some(&ada.token), NODE, json!({ "id": bad })).await;
            assert_eq!(r.data()["node"], Value::Null);
        }
        server.gql(NODE, json!({ "id": cases[0].0 })).await.assert_error("UNAUTHENTICATED", Some("AUTHENTICATION_REQUIRED"));
    }
}
