using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Handling.ServiceTasks;
using SupervisionFlow.Web.Domain.Suggestions.Similarity;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.Tasks.Steps;

namespace SupervisionFlow.Web.Domain.Handling;

public static class HandlingServiceCollectionExtensions
{
    /// <summary>The suggestion-handling domain: intake, task forms, 交办会, actions and the workflows' service tasks.</summary>
    public static IServiceCollection AddSuggestionHandling(this IServiceCollection services)
    {
        services.AddScoped<SuggestionIntakeService>();
        services.AddScoped<ProcessSelection>();
        services.AddScoped<TaskFormService>();
        services.AddScoped<AssignmentMeetingService>();
        services.AddOptions<AssignmentMeetingOptions>().BindConfiguration(AssignmentMeetingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SuggestionActions>();
        services.AddScoped<SuggestionMerge>();
        services.AddSuggestionSimilarity();
        services.AddScoped<Operations.InstanceOperations>();
        services.AddScoped<Operations.TaskTransfers>();
        services.AddScoped<Operations.BulkOperations>();
        services.AddScoped<Operations.BulkRunner>();
        services.AddScoped<Operations.BulkRunJob>();
        services.AddOptions<Operations.BulkOperationOptions>().BindConfiguration(Operations.BulkOperationOptions.Section)
            .Validate(o => o.BulkChunkSize is >= 1 and <= 1000 && o.BulkMaxSelection >= 1, "Operations: BulkChunkSize 1–1000, BulkMaxSelection ≥ 1").ValidateOnStart();
        services.AddScoped<Comments.SuggestionComments>();
        services.AddOptions<Comments.CommentOptions>().BindConfiguration(Comments.CommentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Features.Admin.Migrations.MigrationRunner>();
        services.AddScoped<Features.Admin.Migrations.MigrationBatchJob>();
        services.AddOptions<Features.Admin.Migrations.MigrationOptions>().BindConfiguration(Features.Admin.Migrations.MigrationOptions.Section)
            .Validate(o => o.ChunkSize is >= 1 and <= 1000 && o.MaxInstancesPerRun >= 1, "Operations:Migration: ChunkSize 1–1000, MaxInstancesPerRun ≥ 1").ValidateOnStart();
        services.AddScoped<Statistics.SuggestionStatistics>();
        Statistics.StatisticsServiceCollectionExtensions.AddStatisticsCache(services);
        // Each workflow step's form: Features/Tasks/Steps/<Area>/<Step>.cs, found by its type.
        services.AddHandlingSteps();
        services.ConfigureEngine((provider, handlers, _) =>
            new SuggestionServiceTasks(provider.GetRequiredService<Notifications.SuggestionNotices>()).Register(handlers));
        return services;
    }
}
