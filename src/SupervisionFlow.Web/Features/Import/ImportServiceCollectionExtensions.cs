using SupervisionFlow.Web.Features.Suggestions.Filing;

namespace SupervisionFlow.Web.Features.Import;

public static class ImportServiceCollectionExtensions
{
    /// <summary>The configured suggestion choices (categories, ways of forming), the batch import and the filing forms' checks.</summary>
    public static IServiceCollection AddSuggestionImport(this IServiceCollection services)
    {
        services.AddOptions<SuggestionChoices>().BindConfiguration(SuggestionChoices.Section);
        services.AddOptions<ImportLimits>().BindConfiguration(ImportLimits.Section)
            .Validate(l => l.MaxFileBytes > 0 && l.MaxUncompressedBytes > 0 && l.MaxCompressionRatio > 0, "Import:MaxFileBytes, MaxUncompressedBytes and MaxCompressionRatio must be positive.")
            .ValidateOnStart();
        services.AddScoped<SuggestionImportService>();
        services.AddScoped<SuggestionFormFiling>();
        return services;
    }
}
