using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>What every handling record shares: its table, who recorded it, and the index to find a suggestion's records.</summary>
public abstract class HandlingRecordConfiguration<T>(string table) : IEntityTypeConfiguration<T>
    where T : HandlingRecord
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(table);
        builder.Property(r => r.RecordedBy).HasMaxLength(100);
        builder.HasIndex(r => r.SuggestionId);
        ConfigureRecord(builder);
    }

    /// <summary>The record's own columns; a record with none keeps this empty.</summary>
    protected virtual void ConfigureRecord(EntityTypeBuilder<T> builder)
    {
    }
}

public sealed class AssignmentMeetingConfiguration : IEntityTypeConfiguration<AssignmentMeeting>
{
    public void Configure(EntityTypeBuilder<AssignmentMeeting> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("assignment_meetings");
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.Location).HasMaxLength(200);
        builder.Property(m => m.CreatedBy).HasMaxLength(100);
        // Added to existing rows by a migration: the database fills them with 0.
        builder.Property(m => m.PlanTotal).HasDefaultValue(0);
        builder.Property(m => m.PlanDone).HasDefaultValue(0);
    }
}

public sealed class ReviewDecisionConfiguration() : HandlingRecordConfiguration<ReviewDecision>("review_decisions")
{
    protected override void ConfigureRecord(EntityTypeBuilder<ReviewDecision> builder) =>
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
}

public sealed class AssignmentConfiguration() : HandlingRecordConfiguration<Assignment>("assignments")
{
    protected override void ConfigureRecord(EntityTypeBuilder<Assignment> builder)
    {
        builder.Property(a => a.LeadUnitId).HasMaxLength(50);
        builder.Property(a => a.OtherUnitIds).HasMaxLength(500);
        builder.Property(a => a.Mode).HasConversion<string>().HasMaxLength(20);
    }
}

public sealed class AcknowledgementConfiguration() : HandlingRecordConfiguration<Acknowledgement>("acknowledgements")
{
    protected override void ConfigureRecord(EntityTypeBuilder<Acknowledgement> builder) => builder.Property(a => a.UnitId).HasMaxLength(50);
}

public sealed class ReassignmentDecisionConfiguration() : HandlingRecordConfiguration<ReassignmentDecision>("reassignment_decisions")
{
    protected override void ConfigureRecord(EntityTypeBuilder<ReassignmentDecision> builder)
    {
        builder.Property(r => r.FromUnitId).HasMaxLength(50);
        builder.Property(r => r.ToUnitId).HasMaxLength(50);
    }
}

/// <summary>三定: handler, plan, planned completion and the reply deadline.</summary>
public sealed class HandlingPlanConfiguration() : HandlingRecordConfiguration<HandlingPlan>("handling_plans")
{
    protected override void ConfigureRecord(EntityTypeBuilder<HandlingPlan> builder)
    {
        builder.Property(p => p.UnitId).HasMaxLength(50);
        builder.Property(p => p.HandlerName).HasMaxLength(50);
        builder.Property(p => p.HandlerPhone).HasMaxLength(30);
    }
}

public sealed class DeputyContactConfiguration() : HandlingRecordConfiguration<DeputyContact>("deputy_contacts")
{
    protected override void ConfigureRecord(EntityTypeBuilder<DeputyContact> builder)
    {
        builder.Property(c => c.UnitId).HasMaxLength(50);
        builder.Property(c => c.Stage).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Method).HasMaxLength(50);
    }
}

public sealed class CoUnitOpinionConfiguration() : HandlingRecordConfiguration<CoUnitOpinion>("co_unit_opinions")
{
    protected override void ConfigureRecord(EntityTypeBuilder<CoUnitOpinion> builder) => builder.Property(o => o.UnitId).HasMaxLength(50);
}

public sealed class ExtensionRequestConfiguration() : HandlingRecordConfiguration<ExtensionRequest>("extension_requests")
{
    protected override void ConfigureRecord(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.Property(x => x.UnitId).HasMaxLength(50);
        builder.Property(x => x.DecidedBy).HasMaxLength(100);
    }
}

public sealed class ReplyConfiguration() : HandlingRecordConfiguration<Reply>("replies")
{
    protected override void ConfigureRecord(EntityTypeBuilder<Reply> builder)
    {
        builder.Property(r => r.UnitId).HasMaxLength(50);
        builder.Property(r => r.ResultClass).HasMaxLength(5);
        builder.Property(r => r.SignedBy).HasMaxLength(50);
        builder.Property(r => r.Copies).HasMaxLength(200);
    }
}

public sealed class EvaluationConfiguration() : HandlingRecordConfiguration<Evaluation>("evaluations")
{
    protected override void ConfigureRecord(EntityTypeBuilder<Evaluation> builder)
    {
        builder.Property(x => x.Attitude).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Result).HasConversion<string>().HasMaxLength(20);
    }
}

public sealed class InterviewConfiguration() : HandlingRecordConfiguration<Interview>("interviews")
{
    protected override void ConfigureRecord(EntityTypeBuilder<Interview> builder) => builder.Property(i => i.UnitId).HasMaxLength(50);
}

public sealed class ProgressReportConfiguration() : HandlingRecordConfiguration<ProgressReport>("progress_reports")
{
    protected override void ConfigureRecord(EntityTypeBuilder<ProgressReport> builder)
    {
        builder.Property(p => p.UnitId).HasMaxLength(50);
        builder.Property(p => p.DeputyRating).HasConversion<string>().HasMaxLength(20);
    }
}

public sealed class OverdueRecordConfiguration() : HandlingRecordConfiguration<OverdueRecord>("overdue_records");
