using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Features.Admin.Migrations;

/// <summary>A migration run as a background job: its plan, who asked, and progress after every chunk.</summary>
public sealed class MigrationBatch
{
    public const string Queued = Scheduling.BackgroundRunState.Queued;
    public const string Running = Scheduling.BackgroundRunState.Running;
    public const string Done = Scheduling.BackgroundRunState.Done;
    public const string Failed = Scheduling.BackgroundRunState.Failed;

    public long Id { get; set; }

    public required string SourceDefinitionId { get; set; }

    public required string TargetDefinitionId { get; set; }

    /// <summary>The <see cref="Engine.Operations.MigrationPlan"/> as JSON.</summary>
    public required string PlanJson { get; set; }

    public required string RequestedBy { get; set; }

    public required string State { get; set; }

    public int Total { get; set; }

    public int Processed { get; set; }

    public int Migrated { get; set; }

    public int FailedCount { get; set; }

    /// <summary>The instances that could not migrate (the first ones, as JSON), or why the whole run failed.</summary>
    public string? FailuresJson { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}

public static class MigrationBatchModel
{
    public static ModelBuilder ApplyMigrationBatchModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<MigrationBatch>(b =>
        {
            b.ToTable("migration_batches");
            b.HasKey(x => x.Id);
            b.Property(x => x.SourceDefinitionId).HasMaxLength(255);
            b.Property(x => x.TargetDefinitionId).HasMaxLength(255);
            b.Property(x => x.RequestedBy).HasMaxLength(255);
            b.Property(x => x.State).HasMaxLength(16);
        });
        return modelBuilder;
    }
}
