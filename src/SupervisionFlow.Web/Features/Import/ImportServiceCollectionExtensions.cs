namespace SupervisionFlow.Web.Features.Import;

public static class ImportServiceCollectionExtensions
{
    /// <summary>The configured suggestion choices (categories, ways of forming) and the batch import.</summary>
    public static IServiceCollection AddSuggestionImport(this IServiceCollection services)
    {
        services.AddOptions<SuggestionChoices>().BindConfiguration(SuggestionChoices.Section);
        services.AddScoped<SuggestionImportService>();
        return services;
    }
}
