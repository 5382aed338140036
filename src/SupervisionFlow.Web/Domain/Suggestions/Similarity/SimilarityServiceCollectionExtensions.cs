namespace SupervisionFlow.Web.Domain.Suggestions.Similarity;

public static class SimilarityServiceCollectionExtensions
{
    /// <summary>相似建议: the options, the per-session index (one per process) and the query.</summary>
    public static IServiceCollection AddSuggestionSimilarity(this IServiceCollection services)
    {
        services.AddOptions<SimilarityOptions>().BindConfiguration(SimilarityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SimilarityIndex>();
        services.AddScoped<SimilarSuggestions>();
        return services;
    }
}
