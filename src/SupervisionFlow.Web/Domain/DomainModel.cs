using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain;

/// <summary>Maps the suggestion domain into the host's DbContext (same database and transaction as the engine).</summary>
public static class DomainModel
{
    public static ModelBuilder ApplyDomainModel(this ModelBuilder model)
    {
        model.Entity<Deputy>(e =>
        {
            e.ToTable("deputies");
            e.Property(d => d.Name).HasMaxLength(50);
            e.Property(d => d.Delegation).HasMaxLength(100);
            e.Property(d => d.Phone).HasMaxLength(30);
            e.Property(d => d.Email).HasMaxLength(200);
            e.Property(d => d.UserName).HasMaxLength(100);
            e.HasIndex(d => d.UserName).IsUnique();
        });
        model.Entity<HandlingUnit>(e =>
        {
            e.ToTable("handling_units");
            e.Property(u => u.Id).HasMaxLength(50);
            e.Property(u => u.Name).HasMaxLength(100);
            e.Property(u => u.Kind).HasMaxLength(20);
            e.Property(u => u.ContactName).HasMaxLength(50);
            e.Property(u => u.Phone).HasMaxLength(30);
            e.Property(u => u.Email).HasMaxLength(200);
            e.Property(u => u.HeadName).HasMaxLength(50);
            e.Property(u => u.HeadEmail).HasMaxLength(200);
        });
        model.Entity<Committee>(e =>
        {
            e.ToTable("committees");
            e.Property(c => c.Id).HasMaxLength(50);
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Fields).HasMaxLength(500);
            e.Property(c => c.Email).HasMaxLength(200);
        });
        model.Entity<Leader>(e =>
        {
            e.ToTable("leaders");
            e.Property(l => l.Id).HasMaxLength(50);
            e.Property(l => l.Name).HasMaxLength(50);
            e.Property(l => l.Title).HasMaxLength(100);
            e.Property(l => l.Kind).HasMaxLength(20);
            e.Property(l => l.Email).HasMaxLength(200);
        });
        model.Entity<Suggestion>(e =>
        {
            e.ToTable("suggestions");
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Title).HasMaxLength(200);
            e.Property(s => s.Category).HasMaxLength(50);
            e.Property(s => s.FormedBy).HasMaxLength(50);
            e.Property(s => s.Disclosure).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.KeyLeaderId).HasMaxLength(50);
            e.Property(s => s.KeyCommitteeId).HasMaxLength(50);
            e.Property(s => s.HandlingMode).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.State).HasConversion<string>().HasMaxLength(30);
            e.Property(s => s.ResultClass).HasMaxLength(5);
            e.Property(s => s.ProcessInstanceId).HasMaxLength(36);
            e.Property(s => s.BusinessKey).HasMaxLength(20);
            e.HasIndex(s => s.BusinessKey);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.Ignore(s => s.DisplayNumber);
            e.HasIndex(s => new { s.Term, s.Session, s.Kind, s.Number }).IsUnique();
            e.HasIndex(s => s.State);
            e.HasIndex(s => s.LeadDeputyId);
            e.HasMany(s => s.CoSigners).WithOne().HasForeignKey(c => c.SuggestionId);
            e.HasMany(s => s.Units).WithOne().HasForeignKey(u => u.SuggestionId);
        });
        model.Entity<SuggestionCoSigner>(e => e.ToTable("suggestion_cosigners"));
        model.Entity<SuggestionUnit>(e =>
        {
            e.ToTable("suggestion_units");
            e.Property(u => u.UnitId).HasMaxLength(50);
            e.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(u => u.UnitId);
        });
        model.Entity<AssignmentMeeting>(e =>
        {
            e.ToTable("assignment_meetings");
            e.Property(m => m.Name).HasMaxLength(200);
            e.Property(m => m.Location).HasMaxLength(200);
            e.Property(m => m.CreatedBy).HasMaxLength(100);
            // Added to existing rows by a migration: the database fills them with 0.
            e.Property(m => m.PlanTotal).HasDefaultValue(0);
            e.Property(m => m.PlanDone).HasDefaultValue(0);
        });
        Record<ReviewDecision>(model, "review_decisions", e => e.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20));
        Record<Assignment>(model, "assignments", e =>
        {
            e.Property(a => a.LeadUnitId).HasMaxLength(50);
            e.Property(a => a.OtherUnitIds).HasMaxLength(500);
            e.Property(a => a.Mode).HasConversion<string>().HasMaxLength(20);
        });
        Record<Acknowledgement>(model, "acknowledgements", e => e.Property(a => a.UnitId).HasMaxLength(50));
        Record<ReassignmentDecision>(model, "reassignment_decisions", e =>
        {
            e.Property(r => r.FromUnitId).HasMaxLength(50);
            e.Property(r => r.ToUnitId).HasMaxLength(50);
        });
        Record<HandlingPlan>(model, "handling_plans", e =>
        {
            e.Property(p => p.UnitId).HasMaxLength(50);
            e.Property(p => p.HandlerName).HasMaxLength(50);
            e.Property(p => p.HandlerPhone).HasMaxLength(30);
        });
        Record<DeputyContact>(model, "deputy_contacts", e =>
        {
            e.Property(c => c.UnitId).HasMaxLength(50);
            e.Property(c => c.Stage).HasConversion<string>().HasMaxLength(10);
            e.Property(c => c.Method).HasMaxLength(50);
        });
        Record<CoUnitOpinion>(model, "co_unit_opinions", e => e.Property(o => o.UnitId).HasMaxLength(50));
        Record<ExtensionRequest>(model, "extension_requests", e =>
        {
            e.Property(x => x.UnitId).HasMaxLength(50);
            e.Property(x => x.DecidedBy).HasMaxLength(100);
        });
        Record<Reply>(model, "replies", e =>
        {
            e.Property(r => r.UnitId).HasMaxLength(50);
            e.Property(r => r.ResultClass).HasMaxLength(5);
            e.Property(r => r.SignedBy).HasMaxLength(50);
            e.Property(r => r.Copies).HasMaxLength(200);
        });
        model.Entity<ReplyAttachment>(e =>
        {
            e.ToTable("reply_attachments");
            e.Property(a => a.FileName).HasMaxLength(200);
            e.Property(a => a.ContentType).HasMaxLength(100);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.Property(a => a.UploadedBy).HasMaxLength(100);
            // Records are never deleted; Restrict makes an attempt to delete a reply with files fail loudly.
            e.HasOne(a => a.Reply).WithMany().HasForeignKey(a => a.ReplyId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => a.SuggestionId);
        });
        Record<Evaluation>(model, "evaluations", e =>
        {
            e.Property(x => x.Attitude).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Result).HasConversion<string>().HasMaxLength(20);
        });
        Record<Interview>(model, "interviews", e => e.Property(i => i.UnitId).HasMaxLength(50));
        Record<ProgressReport>(model, "progress_reports", e =>
        {
            e.Property(p => p.UnitId).HasMaxLength(50);
            e.Property(p => p.DeputyRating).HasConversion<string>().HasMaxLength(20);
        });
        Record<OverdueRecord>(model, "overdue_records", _ => { });
        model.Entity<InquiryTopic>(e =>
        {
            e.ToTable("inquiry_topics");
            e.Property(t => t.Title).HasMaxLength(200);
            e.Property(t => t.UnitId).HasMaxLength(50);
            e.Property(t => t.Category).HasMaxLength(50);
            e.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.ProposedBy).HasMaxLength(100);
            e.Property(t => t.ProcessInstanceId).HasMaxLength(36);
            e.HasMany(t => t.Suggestions).WithOne().HasForeignKey(s => s.InquiryTopicId);
        });
        model.Entity<InquiryTopicSuggestion>(e => e.ToTable("inquiry_topic_suggestions"));
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.Property(a => a.Actor).HasMaxLength(100);
            e.Property(a => a.Action).HasMaxLength(100);
            e.HasIndex(a => a.SuggestionId);
        });
        Handling.ProcessSelection.Map(model);
        Comments.CommentsModel.Map(model);
        Documents.DocumentsModel.Map(model);
        model.ApplyConfiguration(new Archive.ArchivedSuggestionConfiguration()).ApplyConfiguration(new Archive.HistoryArchiveRunConfiguration());
        Statistics.StatisticsIndexesConfiguration.ApplyTo(model);
        return model.ApplyUtcDateTimes(type => type.Namespace?.StartsWith(typeof(DomainModel).Namespace!, StringComparison.Ordinal) == true);
    }

    private static void Record<T>(ModelBuilder model, string table, Action<Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T>> configure)
        where T : HandlingRecord
    {
        model.Entity<T>(e =>
        {
            e.ToTable(table);
            e.Property(r => r.RecordedBy).HasMaxLength(100);
            e.HasIndex(r => r.SuggestionId);
            configure(e);
        });
    }
}
