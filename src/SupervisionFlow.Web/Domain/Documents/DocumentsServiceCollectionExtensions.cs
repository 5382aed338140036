namespace SupervisionFlow.Web.Domain.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>Word documents (答复函, 交办函, 一人一函, annual report) and their templates.</summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section).ValidateOnStart();
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<ReplyLetters>();
        services.AddScoped<OfficeLetters>();
        services.AddScoped<AnnualReports>();
        return services;
    }
}
