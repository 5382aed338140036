using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// What a load balancer or orchestrator asks a node: <c>/healthz</c> (liveness: the process answers; no check runs, so a
/// database outage does not get every node restarted) and <c>/readyz</c> (readiness: the database answers within
/// <see cref="DatabaseOptions.ReadinessTimeout"/>). Both anonymous; 200 <c>Healthy</c> or 503 <c>Unhealthy</c>.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";

    public const string ReadinessPath = "/readyz";

    private const string ReadyTag = "ready";

    private const string DatabaseCheck = "database";

    public static IHostApplicationBuilder AddHealthEndpoints(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>(DatabaseCheck, HealthStatus.Unhealthy, [ReadyTag]);
        // The check's own timeout, read from Database:ReadinessTimeout: a database that hangs answers 503, not never.
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<DatabaseOptions>>((options, database) =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == DatabaseCheck))
            {
                registration.Timeout = database.Value.ReadinessTimeout;
            }
        });
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}
