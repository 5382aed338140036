using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SupervisionFlow.Engine.Persistence;

/// <summary>Adds the engine's tables (prefix <c>engine_</c>) to the host's DbContext model.</summary>
public static class EngineModel
{
    // SQLite hands DateTime back with Kind=Unspecified; the engine stores UTC only, so say so on the way out.
    private static readonly ValueConverter<DateTime, DateTime> Utc =
        new(v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtc =
        new(v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
            v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

    public static ModelBuilder ApplyEngineModel(this ModelBuilder model)
    {
        model.Entity<ProcessDefinitionRecord>(e =>
        {
            e.ToTable("engine_definitions");
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).HasMaxLength(300);
            e.Property(d => d.Key).HasMaxLength(255);
            e.Property(d => d.Name).HasMaxLength(500);
            e.Property(d => d.XmlHash).HasMaxLength(64);
            e.HasIndex(d => new { d.Key, d.Version }).IsUnique();
        });
        model.Entity<ProcessInstanceRecord>(e =>
        {
            e.ToTable("engine_instances");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).HasMaxLength(36);
            e.Property(i => i.DefinitionId).HasMaxLength(300);
            e.Property(i => i.DefinitionKey).HasMaxLength(255);
            e.Property(i => i.BusinessKey).HasMaxLength(255);
            e.Property(i => i.State).HasMaxLength(20);
            e.Property(i => i.ParentInstanceId).HasMaxLength(36);
            e.Property(i => i.ParentExecutionId).HasMaxLength(36);
            e.Property(i => i.Revision).IsConcurrencyToken();
            e.HasIndex(i => i.BusinessKey);
            e.HasIndex(i => new { i.DefinitionKey, i.State });
            e.HasIndex(i => i.ParentInstanceId);
            e.HasIndex(i => new { i.StartedAt, i.Id }); // instance pages (keyset)
        });
        model.Entity<UserTaskRecord>(e =>
        {
            e.ToTable("engine_tasks");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasMaxLength(36);
            e.Property(t => t.ProcessInstanceId).HasMaxLength(36);
            e.Property(t => t.ExecutionId).HasMaxLength(36);
            e.Property(t => t.ActivityId).HasMaxLength(255);
            e.Property(t => t.Name).HasMaxLength(500);
            e.Property(t => t.DefinitionKey).HasMaxLength(255);
            e.Property(t => t.BusinessKey).HasMaxLength(255);
            e.Property(t => t.Assignee).HasMaxLength(255);
            e.Property(t => t.Owner).HasMaxLength(255);
            e.Property(t => t.DelegationState).HasMaxLength(16);
            e.Property(t => t.FormKey).HasMaxLength(500);
            e.HasMany(t => t.Candidates).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.ProcessInstanceId);
            // Only assigned tasks: most open tasks have no assignee, and SQLite's statistics count NULL as one value,
            // so a full index made "assigned to X" look like every row and the planner scanned the table.
            e.HasIndex(t => t.Assignee).HasFilter("\"Assignee\" IS NOT NULL");
            e.HasIndex(t => t.DueAt);
            // Task pages (keyset: after creation time and id) and the hosts' joins on the business key.
            e.HasIndex(t => new { t.CreatedAt, t.Id });
            e.HasIndex(t => t.BusinessKey);
        });
        model.Entity<TaskCandidateRecord>(e =>
        {
            e.ToTable("engine_task_candidates");
            e.HasKey(c => c.Id);
            e.Property(c => c.TaskId).HasMaxLength(36);
            e.Property(c => c.Kind).HasMaxLength(10);
            e.Property(c => c.Value).HasMaxLength(255);
            // Defaults for rows written before the copy existed; the migration fills them from the task.
            e.Property(c => c.DueOrLast).HasDefaultValue(TaskCandidateRecord.NoDue);
            e.Property(c => c.TaskCreatedAt).HasDefaultValue(TaskCandidateRecord.NoDue);
            // A group's (or user's) open tasks in deadline order, covering what an inbox counts and pages on.
            // Named: the default name is longer than PostgreSQL's 63 characters.
            e.HasIndex(c => new { c.Kind, c.Value, c.DueOrLast, c.TaskCreatedAt, c.TaskId }).HasDatabaseName("IX_engine_task_candidates_sort");
        });
        model.Entity<JobRecord>(e =>
        {
            e.ToTable("engine_jobs");
            e.HasKey(j => j.Id);
            e.Property(j => j.Id).HasMaxLength(36);
            e.Property(j => j.ProcessInstanceId).HasMaxLength(36);
            e.Property(j => j.ExecutionId).HasMaxLength(36);
            e.Property(j => j.ActivityId).HasMaxLength(255);
            e.Property(j => j.Period).HasMaxLength(100);
            e.Property(j => j.LockOwner).HasMaxLength(100);
            e.Property(j => j.LastError).HasMaxLength(4000);
            e.HasIndex(j => j.DueAt);
            e.HasIndex(j => j.ProcessInstanceId);
        });
        model.Entity<MessageSubscriptionRecord>(e =>
        {
            e.ToTable("engine_message_subscriptions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasMaxLength(36);
            e.Property(s => s.MessageName).HasMaxLength(255);
            e.Property(s => s.ProcessInstanceId).HasMaxLength(36);
            e.Property(s => s.ExecutionId).HasMaxLength(36);
            e.Property(s => s.ActivityId).HasMaxLength(255);
            e.Property(s => s.BusinessKey).HasMaxLength(255);
            e.HasIndex(s => new { s.MessageName, s.BusinessKey });
            e.HasIndex(s => s.ProcessInstanceId);
        });
        model.Entity<IncidentRecord>(e =>
        {
            e.ToTable("engine_incidents");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).HasMaxLength(36);
            e.Property(i => i.ProcessInstanceId).HasMaxLength(36);
            e.Property(i => i.JobId).HasMaxLength(36);
            e.Property(i => i.ActivityId).HasMaxLength(255);
            e.Property(i => i.Message).HasMaxLength(4000);
            e.HasIndex(i => i.ProcessInstanceId);
        });
        model.Entity<HistoryActivityRecord>(e =>
        {
            e.ToTable("engine_history_activities");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).HasMaxLength(36);
            e.Property(h => h.ProcessInstanceId).HasMaxLength(36);
            e.Property(h => h.ActivityId).HasMaxLength(255);
            e.Property(h => h.ActivityType).HasMaxLength(50);
            e.Property(h => h.ActivityName).HasMaxLength(500);
            e.Property(h => h.CompletedBy).HasMaxLength(255);
            e.HasIndex(h => h.ProcessInstanceId);
        });
        model.Entity<HistoryVariableRecord>(e =>
        {
            e.ToTable("engine_history_variables");
            e.HasKey(h => h.Id);
            e.Property(h => h.ProcessInstanceId).HasMaxLength(36);
            e.Property(h => h.Name).HasMaxLength(255);
            e.Property(h => h.ActivityInstanceId).HasMaxLength(36);
            e.Property(h => h.SetBy).HasMaxLength(255);
            e.HasIndex(h => h.ProcessInstanceId);
        });
        model.ApplyUtcDateTimes(type => type.Namespace == typeof(EngineModel).Namespace);
        return model;
    }

    /// <summary>
    /// Stores every DateTime of the selected entity types as UTC and reads it back as UTC; the host applies the same
    /// rule to its own tables (SQLite returns Kind=Unspecified, PostgreSQL's timestamptz demands UTC).
    /// </summary>
    public static ModelBuilder ApplyUtcDateTimes(this ModelBuilder model, Func<Type, bool> include)
    {
        foreach (var entity in model.Model.GetEntityTypes().Where(t => include(t.ClrType)))
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(Utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(NullableUtc);
                }
            }
        }
        return model;
    }
}
