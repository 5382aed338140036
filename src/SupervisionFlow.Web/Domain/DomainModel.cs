using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Domain;

/// <summary>
/// Maps the suggestion domain into the host's DbContext (same database and transaction as the engine). Each table's
/// mapping is an <see cref="IEntityTypeConfiguration{TEntity}"/> beside its entity; a new one is one line here.
/// </summary>
public static class DomainModel
{
    public static ModelBuilder ApplyDomainModel(this ModelBuilder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.ApplyConfiguration(new DeputyConfiguration());
        model.ApplyConfiguration(new HandlingUnitConfiguration());
        model.ApplyConfiguration(new CommitteeConfiguration());
        model.ApplyConfiguration(new LeaderConfiguration());
        model.ApplyConfiguration(new SuggestionConfiguration());
        model.ApplyConfiguration(new SuggestionCoSignerConfiguration());
        model.ApplyConfiguration(new SuggestionUnitConfiguration());
        model.ApplyConfiguration(new AssignmentMeetingConfiguration());
        model.ApplyConfiguration(new ReviewDecisionConfiguration());
        model.ApplyConfiguration(new AssignmentConfiguration());
        model.ApplyConfiguration(new AcknowledgementConfiguration());
        model.ApplyConfiguration(new ReassignmentDecisionConfiguration());
        model.ApplyConfiguration(new HandlingPlanConfiguration());
        model.ApplyConfiguration(new DeputyContactConfiguration());
        model.ApplyConfiguration(new CoUnitOpinionConfiguration());
        model.ApplyConfiguration(new ExtensionRequestConfiguration());
        model.ApplyConfiguration(new ReplyConfiguration());
        model.ApplyConfiguration(new ReplyAttachmentConfiguration());
        model.ApplyConfiguration(new EvaluationConfiguration());
        model.ApplyConfiguration(new InterviewConfiguration());
        model.ApplyConfiguration(new ProgressReportConfiguration());
        model.ApplyConfiguration(new OverdueRecordConfiguration());
        model.ApplyConfiguration(new InquiryTopicConfiguration());
        model.ApplyConfiguration(new InquiryTopicSuggestionConfiguration());
        model.ApplyConfiguration(new AuditEntryConfiguration());
        Handling.ProcessSelection.Map(model);
        Comments.CommentsModel.Map(model);
        Documents.DocumentsModel.Map(model);
        model.ApplyConfiguration(new Archive.ArchivedSuggestionConfiguration()).ApplyConfiguration(new Archive.HistoryArchiveRunConfiguration());
        model.ApplyConfiguration(new Operations.BulkRunConfiguration()).ApplyConfiguration(new Operations.BulkRunItemConfiguration());
        Statistics.StatisticsIndexesConfiguration.ApplyTo(model);
        // Last: every DateTime of the domain's entities, including those mapped above, is stored and read as UTC.
        return model.ApplyUtcDateTimes(type => type.Namespace?.StartsWith(typeof(DomainModel).Namespace!, StringComparison.Ordinal) == true);
    }
}
