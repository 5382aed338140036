namespace SupervisionFlow.Web.Domain.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>Word documents (答复函, 交办函, 一人一函, annual report) and their templates.</summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section)
            .Validate(
                o => o.MaxTemplateBytes is > 0 and < DocumentOptions.MaxUploadRequestBytes - (1024 * 1024) && o.MaxScanBytes is > 0 and < DocumentOptions.MaxUploadRequestBytes - (1024 * 1024)
                     && o.NumberFormat.Contains("{号}", StringComparison.Ordinal),
                "Documents:MaxTemplateBytes and MaxScanBytes must be positive and under 63 MB; Documents:NumberFormat must contain {号}.")
            .ValidateOnStart();
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<ReplyLetters>();
        services.AddScoped<OfficeLetters>();
        services.AddScoped<AnnualReports>();
        return services;
    }
}
