//! Per-request dataloaders: every nested object and list is fetched in
//! batches, so the number of SQL statements of a query depends on its
//! depth, not on how many rows it returns. They batch only (no cache): a
//! mutation earlier in the same request must never be hidden by a stale
//! value. Loaders call storage functions and hold no SQL of their own.
//!
//! A batch starts when the request has nothing left to do but wait
//! ([`RunBatched`]), not after a timer: async-graphql's default 1 ms window
//! closes early when resolving a wide level takes longer than that (debug
//! builds, a loaded machine), splitting one batch into several. Deferring
//! the start to the request's idle point makes the batches, and so the
//! statement count, the same whatever the timing.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use crate::db::Db;
use crate::db::models::invitation::InvitationProject;
use crate::db::models::member::Member;
use crate::db::models::project::{Project, ProjectSetting};
use crate::db::models::project_member::ProjectMember;
use crate::db::models::role::Role;
use crate::db::models::user::User;
use crate::db::models::workspace::Workspace;
use crate::db::sql_types::{InvitationId, ProjectId, UserId, WorkspaceId};
use crate::error::ApiError;

/// Batch loads waiting for their request to go idle.
#[derive(Clone, Default)]
pub struct IdleSpawner(Arc<Mutex<Vec<BoxFuture<'static, ()>>>>);

impl std::fmt::Debug for IdleSpawner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdleSpawner")
    }
}

impl IdleSpawner {
    fn defer(&self, batch: BoxFuture<'static, ()>) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(batch);
    }

    /// Starts every deferred batch.
    fn start_all(&self) {
        let batches = std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for batch in batches {
            tokio::spawn(batch);
        }
    }
}

/// Runs a request, starting deferred batches whenever it waits without
/// having been woken meanwhile (a yield or a wake during the poll is not
/// idleness: the request goes on at once).
pub struct RunBatched<F> {
    inner: Pin<Box<F>>,
    spawner: IdleSpawner,
    /// One flag for the whole run: wakers handed out in earlier polls (kept
    /// by channels and locks) must report to the same flag.
    flag: Option<Arc<WakeFlag>>,
}

impl<F> std::fmt::Debug for RunBatched<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RunBatched")
    }
}

impl<F> RunBatched<F> {
    pub fn new(inner: F, spawner: IdleSpawner) -> Self {
        RunBatched {
            inner: Box::pin(inner),
            spawner,
            flag: None,
        }
    }
}

struct WakeFlag {
    woken: AtomicBool,
    waker: Mutex<Waker>,
}

impl Wake for WakeFlag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.waker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .wake_by_ref();
    }
}

impl<F: Future> Future for RunBatched<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let flag = self
            .flag
            .get_or_insert_with(|| {
                Arc::new(WakeFlag {
                    woken: AtomicBool::new(false),
                    waker: Mutex::new(cx.waker().clone()),
                })
            })
            .clone();
        {
            let mut waker = flag
                .waker
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !waker.will_wake(cx.waker()) {
                *waker = cx.waker().clone();
            }
        }
        flag.woken.store(false, Ordering::SeqCst);
        let waker = Waker::from(flag.clone());
        let result = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
        if result.is_pending() && !flag.woken.load(Ordering::SeqCst) {
            self.spawner.start_all();
        }
        result
    }
}

/// The loaders of one request.
pub struct Loaders {
    pub users: DataLoader<UserLoader>,
    pub roles: DataLoader<RolesLoader>,
    pub project_members: DataLoader<ProjectMembersLoader>,
    pub member_assignments: DataLoader<MemberAssignmentsLoader>,
    pub project_settings: DataLoader<ProjectSettingsLoader>,
    pub workspaces: DataLoader<WorkspaceLoader>,
    pub invitation_projects: DataLoader<InvitationProjectsLoader>,
    /// Where their batches wait for the request to go idle.
    pub spawner: IdleSpawner,
}

impl std::fmt::Debug for Loaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loaders")
    }
}

fn loader<T: Send + Sync + 'static>(loader: T, spawner: &IdleSpawner) -> DataLoader<T> {
    let spawner = spawner.clone();
    DataLoader::new(loader, move |batch| spawner.defer(batch)).delay(Duration::ZERO)
}

impl Loaders {
    pub fn new(db: &Db) -> Loaders {
        let spawner = IdleSpawner::default();
        Loaders {
            users: loader(UserLoader(db.clone()), &spawner),
            roles: loader(RolesLoader(db.clone()), &spawner),
            project_members: loader(ProjectMembersLoader(db.clone()), &spawner),
            member_assignments: loader(MemberAssignmentsLoader(db.clone()), &spawner),
            project_settings: loader(ProjectSettingsLoader(db.clone()), &spawner),
            workspaces: loader(WorkspaceLoader(db.clone()), &spawner),
            invitation_projects: loader(InvitationProjectsLoader(db.clone()), &spawner),
            spawner,
        }
    }
}

fn unique<T: Clone + Eq + std::hash::Hash>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i.clone()))
        .collect()
}

/// Users by id.
#[derive(Debug)]
pub struct UserLoader(Db);

impl Loader<UserId> for UserLoader {
    type Value = User;
    type Error = ApiError;

    async fn load(&self, keys: &[UserId]) -> Result<HashMap<UserId, User>, ApiError> {
        let keys = keys.to_vec();
        self.0
            .read(move |mut conn| {
                async move {
                    Ok::<_, ApiError>(
                        User::find_many(&mut conn, &keys)
                            .await?
                            .into_iter()
                            .map(|u| (u.id, u))
                            .collect(),
                    )
                }
                .boxed()
            })
            .await
    }
}

/// Every role of a workspace.
#[derive(Debug)]
pub struct RolesLoader(Db);

impl Loader<WorkspaceId> for RolesLoader {
    type Value = Vec<Role>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[WorkspaceId],
    ) -> Result<HashMap<WorkspaceId, Vec<Role>>, ApiError> {
        let keys = keys.to_vec();
        self.0
            .read(move |mut conn| {
                async move {
                    let mut out: HashMap<WorkspaceId, Vec<Role>> =
                        keys.iter().map(|k| (*k, Vec::new())).collect();
                    for role in Role::for_workspaces(&mut conn, &keys).await? {
                        out.entry(role.workspace_id).or_default().push(role);
                    }
                    Ok::<_, ApiError>(out)
                }
                .boxed()
            })
            .await
    }
}

/// Everyone with access to a project: its workspace's Admins (with any
/// stored assignment they keep) and its assigned members, ordered by user
/// id. Keyed by (project, its workspace).
#[derive(Debug)]
pub struct ProjectMembersLoader(Db);

/// A workspace membership and, if stored, the project assignment.
pub type ProjectAccessEntry = (Member, Option<ProjectMember>);

impl Loader<(ProjectId, WorkspaceId)> for ProjectMembersLoader {
    type Value = Vec<ProjectAccessEntry>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[(ProjectId, WorkspaceId)],
    ) -> Result<HashMap<(ProjectId, WorkspaceId), Vec<ProjectAccessEntry>>, ApiError> {
        let keys = keys.to_vec();
        self.0
            .read(move |mut conn| {
                async move {
                    let project_ids = unique(keys.iter().map(|k| k.0));
                    let workspace_ids = unique(keys.iter().map(|k| k.1));
                    let assignments = ProjectMember::for_projects(&mut conn, &project_ids).await?;
                    let admins = Member::admins_of(&mut conn, &workspace_ids).await?;
                    let assigned_users = unique(assignments.iter().map(|a| a.user_id));
                    let memberships =
                        Member::of_users_in(&mut conn, &workspace_ids, &assigned_users).await?;
                    let membership: HashMap<(WorkspaceId, UserId), Member> = memberships
                        .into_iter()
                        .map(|m| ((m.workspace_id, m.user_id), m))
                        .collect();
                    let mut out = HashMap::new();
                    for (project_id, workspace_id) in keys {
                        let stored: HashMap<UserId, &ProjectMember> = assignments
                            .iter()
                            .filter(|a| a.project_id == project_id)
                            .map(|a| (a.user_id, a))
                            .collect();
                        let mut entries: Vec<ProjectAccessEntry> = admins
                            .iter()
                            .filter(|m| m.workspace_id == workspace_id)
                            .map(|m| (m.clone(), stored.get(&m.user_id).map(|a| (*a).clone())))
                            .collect();
                        let admin_users: HashSet<UserId> =
                            entries.iter().map(|(m, _)| m.user_id).collect();
                        entries.extend(
                            stored
                                .values()
                                .filter(|a| !admin_users.contains(&a.user_id))
                                .filter_map(|a| {
                                    membership
                                        .get(&(workspace_id, a.user_id))
                                        .map(|m| (m.clone(), Some((*a).clone())))
                                }),
                        );
                        entries.sort_by_key(|(m, _)| m.user_id);
                        out.insert((project_id, workspace_id), entries);
                    }
                    Ok::<_, ApiError>(out)
                }
                .boxed()
            })
            .await
    }
}

/// A member's stored project assignments with their projects, keyed by
/// (workspace, user).
#[derive(Debug)]
pub struct MemberAssignmentsLoader(Db);

impl Loader<(WorkspaceId, UserId)> for MemberAssignmentsLoader {
    type Value = Vec<(ProjectMember, Project)>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[(WorkspaceId, UserId)],
    ) -> Result<HashMap<(WorkspaceId, UserId), Self::Value>, ApiError> {
        let keys = keys.to_vec();
        self.0
            .read(move |mut conn| {
                async move {
                    let workspace_ids = unique(keys.iter().map(|k| k.0));
                    let user_ids = unique(keys.iter().map(|k| k.1));
                    let mut out: HashMap<(WorkspaceId, UserId), Self::Value> =
                        keys.iter().map(|k| (*k, Vec::new())).collect();
                    for (assignment, project) in
                        ProjectMember::with_projects_for(&mut conn, &workspace_ids, &user_ids)
                            .await?
                    {
                        if let Some(list) =
                            out.get_mut(&(assignment.workspace_id, assignment.user_id))
                        {
                            list.push((assignment, project));
                        }
                    }
                    Ok::<_, ApiError>(out)
                }
                .boxed()
            })
            .await
    }
}

/// Settings of a project.
#[derive(Debug)]
pub struct ProjectSettingsLoader(Db);

impl Loader<ProjectId> for ProjectSettingsLoader {
    type Value = Vec<ProjectSetting>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ProjectId],
    ) -> Result<HashMap<ProjectId, Vec<ProjectSetting>>, ApiError> {
        let keys = keys.to_vec();
        self.0
            .read(move |mut conn| {
                async move {
                    let mut out: HashMap<ProjectId, Vec<ProjectSetting>> =
                        keys.iter().map(|k| (*k, Vec::new())).collect();
                    for setting in ProjectSetting::for_projects(&mut conn, &keys).await? {
                        out.entry(setting.project_id).or_default().push(setting);
                    }
                    Ok::<_, ApiError>(out)
                }
                .boxed()
            })
            .await
    }
}

/// Workspaces by id.
#[derive(Debug)]
pub struct WorkspaceLoader(Db);

impl Loader<WorkspaceId> for WorkspaceLoader {
    type Value = Workspace;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[WorkspaceId],
    ) -> Result<HashMap<WorkspaceId, Workspace>, ApiError> {
        let keys = keys.to_vec();
        self.0
            .read(move |mut conn| {
                async move {
                    Ok::<_, ApiError>(
                        Workspace::find_many(&mut conn, &keys)
                            .await?
                            .into_iter()
                            .map(|w| (w.id, w))
                            .collect(),
                    )
                }
                .boxed()
            })
            .await
    }
}

/// The project assignments of an invitation, with their projects.
#[derive(Debug)]
pub struct InvitationProjectsLoader(Db);

impl Loader<InvitationId> for InvitationProjectsLoader {
    type Value = Vec<(InvitationProject, Project)>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[InvitationId],
    ) -> Result<HashMap<InvitationId, Self::Value>, ApiError> {
        let keys = keys.to_vec();
        self.0
            .read(move |mut conn| {
                async move {
                    let mut out: HashMap<InvitationId, Self::Value> =
                        keys.iter().map(|k| (*k, Vec::new())).collect();
                    for (assignment, project) in
                        InvitationProject::for_invitations(&mut conn, &keys).await?
                    {
                        out.entry(assignment.invitation_id)
                            .or_default()
                            .push((assignment, project));
                    }
                    Ok::<_, ApiError>(out)
                }
                .boxed()
            })
            .await
    }
}
