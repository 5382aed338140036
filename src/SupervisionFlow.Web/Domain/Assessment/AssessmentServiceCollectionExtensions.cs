namespace SupervisionFlow.Web.Domain.Assessment;

public static class AssessmentServiceCollectionExtensions
{
    /// <summary>The yearly 考核 of handling units (scheme in <c>Handling:Assessment</c>).</summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services)
    {
        services.AddScoped<UnitAssessment>();
        return services;
    }
}
