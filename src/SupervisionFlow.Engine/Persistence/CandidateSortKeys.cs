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
        var tasks = db.ChangeTracker.Entries<UserTaskRecord>().Where(e => e.State != EntityState.Detached).ToList();
        var tracked = tasks.ToDictionary(e => e.Entity.Id, StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (task.State == EntityState.Added)
            {
                task.Entity.Candidates.ForEach(c => Copy(db, c, task.Entity));
            }
            else if (task.State == EntityState.Modified && task.Property(t => t.DueAt).IsModified)
            {
                var candidates = task.Collection(t => t.Candidates);
                if (!candidates.IsLoaded)
                {
                    await candidates.LoadAsync(cancellationToken);
                }
                task.Entity.Candidates.ForEach(c => Copy(db, c, task.Entity));
            }
        }
        // Candidates added to a task that is not new (a migration gives a task the target's groups).
        foreach (var added in db.ChangeTracker.Entries<TaskCandidateRecord>().Where(e => e.State == EntityState.Added).ToList())
        {
            var task = tracked.TryGetValue(added.Entity.TaskId, out var entry)
                ? entry.Entity
                : await db.Set<UserTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == added.Entity.TaskId, cancellationToken);
            if (task is not null)
            {
                Copy(db, added.Entity, task);
            }
        }
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
