using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>
/// Keeps the task's sort keys on its candidate rows (<see cref="TaskCandidateRecord.DueOrLast"/>,
/// <see cref="TaskCandidateRecord.TaskCreatedAt"/>) equal to the task's, in the save that writes the task: every engine
/// path (a new task, a moved deadline, a migration's new candidates) goes through the engine's saves, which call this
/// right before <c>SaveChanges</c>, so the copy is exact in the same transaction.
/// </summary>
internal static class CandidateSortKeys
{
    /// <summary>Call after <c>DetectChanges</c> and before <c>SaveChanges</c>.</summary>
    public static async Task SyncAsync(DbContext db, CancellationToken cancellationToken)
    {
        // One walk over the tracked tasks, without LINQ: this runs in every engine save (a completion tracks a handful
        // of rows, a timer batch thousands). Materialised first: loading candidates below adds entries.
        List<EntityEntry<UserTaskRecord>>? moved = null;
        List<string>? newTaskIds = null;
        foreach (var task in db.ChangeTracker.Entries<UserTaskRecord>())
        {
            if (task.State == EntityState.Added)
            {
                (newTaskIds ??= []).Add(task.Entity.Id);
                foreach (var candidate in task.Entity.Candidates)
                {
                    CopyToNew(candidate, task.Entity);
                }
            }
            else if (task.State == EntityState.Modified && task.Property(t => t.DueAt).IsModified)
            {
                (moved ??= []).Add(task);
            }
        }
        foreach (var task in moved ?? [])
        {
            var candidates = task.Collection(t => t.Candidates);
            if (!candidates.IsLoaded)
            {
                await candidates.LoadAsync(cancellationToken);
            }
            task.Entity.Candidates.ForEach(c => Copy(db, c, task.Entity));
        }
        // Candidates added to a task that is not new (a migration gives a task the target's groups); a new task's were
        // copied above.
        List<TaskCandidateRecord>? orphans = null;
        foreach (var added in db.ChangeTracker.Entries<TaskCandidateRecord>())
        {
            if (added.State == EntityState.Added && newTaskIds?.Contains(added.Entity.TaskId, StringComparer.Ordinal) != true)
            {
                (orphans ??= []).Add(added.Entity);
            }
        }
        foreach (var candidate in orphans ?? [])
        {
            var task = db.ChangeTracker.Entries<UserTaskRecord>().FirstOrDefault(e => e.Entity.Id == candidate.TaskId)?.Entity
                ?? await db.Set<UserTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == candidate.TaskId, cancellationToken);
            if (task is not null)
            {
                Copy(db, candidate, task);
            }
        }
    }

    /// <summary>
    /// A new task's candidates are new rows too: EF Core reads an added row's values from the object when it inserts it,
    /// so plain assignment is enough (no change-tracker entry lookup, which the completion profile showed at ~4%).
    /// </summary>
    private static void CopyToNew(TaskCandidateRecord candidate, UserTaskRecord task)
    {
        candidate.DueOrLast = task.DueAt is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : TaskCandidateRecord.NoDue;
        candidate.TaskCreatedAt = DateTime.SpecifyKind(task.CreatedAt, DateTimeKind.Utc);
    }

    private static void Copy(DbContext db, TaskCandidateRecord candidate, UserTaskRecord task)
    {
        var due = task.DueAt is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : TaskCandidateRecord.NoDue;
        var created = DateTime.SpecifyKind(task.CreatedAt, DateTimeKind.Utc);
        if (candidate.DueOrLast == due && candidate.TaskCreatedAt == created)
        {
            return;
        }
        EntityEntry<TaskCandidateRecord> entry = db.Entry(candidate);
        entry.Property(c => c.DueOrLast).CurrentValue = due;
        entry.Property(c => c.TaskCreatedAt).CurrentValue = created;
    }
}
