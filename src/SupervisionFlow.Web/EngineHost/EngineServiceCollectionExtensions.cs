using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Tasks;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.EngineHost;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the clock, the handler and function registries, and the one <see cref="ProcessEngine"/>.</summary>
    public static IHostApplicationBuilder AddProcessEngine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EngineOptions>().BindConfiguration(EngineHostOptions.Section)
            // Jint reads a zero or negative limit as "no limit": refuse it rather than run expressions unbounded.
            .Validate(options => options.ExpressionTimeout > TimeSpan.Zero && options.ExpressionMaxStatements > 0
                                 && options.ExpressionMaxRecursionDepth > 0 && options.ExpressionMemoryLimitBytes > 0,
                "Engine:ExpressionTimeout, ExpressionMaxStatements, ExpressionMaxRecursionDepth and ExpressionMemoryLimitBytes must be positive; Jint would read 0 as no limit.")
            .Validate(options => options.DeploymentMaxBytes > 0 && options.DeploymentMaxElements > 0 && options.DeploymentMaxDepth > 0
                                 && options.DeploymentMaxSubProcessDepth > 0 && options.VariableMaxBytes > 0 && options.VariableMaxDepth > 0,
                "Engine:DeploymentMaxBytes, DeploymentMaxElements, DeploymentMaxDepth, DeploymentMaxSubProcessDepth, VariableMaxBytes and VariableMaxDepth must be positive.")
            .Validate(options => options.MaxTaskPageSize > 0, "Engine:MaxTaskPageSize must be positive.")
            .Validate(options => options.KeptCommandConnections is >= 0 and <= 64, "Engine:KeptCommandConnections must be between 0 and 64.")
            .Validate(options => options.SweepWorkers is >= 1 and <= 16, "Engine:SweepWorkers must be between 1 and 16.")
            .ValidateOnStart();
        services.AddOptions<EngineHostOptions>().BindConfiguration(EngineHostOptions.Section);
        services.AddOptions<ClockOptions>()
            .BindConfiguration(ClockOptions.Section)
            .Validate<IHostEnvironment>(
                (clock, environment) => !(clock.IsManual && environment.IsProduction()),
                "Engine:Clock:Mode=Manual is refused in the Production environment: a clock moved by API calls would let anyone skip deadlines.")
            .Validate(clock => string.IsNullOrWhiteSpace(clock.Start) || TryParseStart(clock.Start, out _),
                "Engine:Clock:Start must be an ISO 8601 date-time such as 2026-01-05T09:00:00+08:00.")
            .ValidateOnStart();

        services.AddSingleton<TimeProvider>(provider =>
        {
            var clock = provider.GetRequiredService<IOptions<ClockOptions>>().Value; // validated: throws in Production
            if (!clock.IsManual)
            {
                return TimeProvider.System;
            }
            return new ManualClock(TryParseStart(clock.Start, out var start) ? start : TimeProvider.System.GetUtcNow());
        });
        // Handlers and functions are filled once, together, by every feature's IConfigureEngine.
        services.AddSingleton(provider =>
        {
            var registries = new EngineRegistries(new ServiceTaskHandlers(), new ExpressionFunctions());
            foreach (var contribution in provider.GetServices<IConfigureEngine>())
            {
                contribution.Configure(registries.Handlers, registries.Functions);
            }
            return registries;
        });
        services.AddSingleton(provider => provider.GetRequiredService<EngineRegistries>().Handlers);
        services.AddSingleton(provider => provider.GetRequiredService<EngineRegistries>().Functions);
        services.AddSingleton(provider =>
        {
            var contexts = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
            return new ProcessEngine(
                () => contexts.CreateDbContext(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ServiceTaskHandlers>(),
                provider.GetRequiredService<ExpressionFunctions>(),
                provider.GetRequiredService<IOptions<EngineOptions>>().Value,
                provider.GetRequiredService<ILogger<ProcessEngine>>());
        });
        services.AddSingleton<WorkflowDeployer>();
        services.AddHostedService<ExpressionWarmup>();
        return builder;
    }

    /// <summary>Migrates the database and deploys <c>workflows/*.bpmn</c>; run before the host starts serving.</summary>
    public static async Task InitializeEngineAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.PrepareDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await app.DeployWorkflowsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the settings that must stop start-up before the database is touched, then migrates it.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        // Resolve the options first so a refused setting (e.g. a manual clock in Production) stops start-up
        // before the database is touched.
        _ = app.Services.GetRequiredService<IOptions<ClockOptions>>().Value;
        // Each phase's time in the log: the cold-start bench prints it (issue #10, < 3 s to the first answer).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await app.Services.MigrateDatabaseAsync(cancellationToken).ConfigureAwait(false);
        app.Logger.LogInformation("Database ready (migrations checked) in {Elapsed} ms", watch.ElapsedMilliseconds);
    }

    /// <summary>Deploys <c>workflows/*.bpmn</c> (unchanged files cost one query each); needs the migrated database.</summary>
    public static async Task DeployWorkflowsAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await app.Services.GetRequiredService<WorkflowDeployer>().DeployAllAsync(cancellationToken).ConfigureAwait(false);
        app.Logger.LogInformation("Workflows deployed in {Elapsed} ms", watch.ElapsedMilliseconds);
    }

    private sealed record EngineRegistries(ServiceTaskHandlers Handlers, ExpressionFunctions Functions);

    private static bool TryParseStart(string? text, out DateTimeOffset start) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start);
}
