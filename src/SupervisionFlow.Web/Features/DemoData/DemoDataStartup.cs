using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Features.DemoData;

/// <summary>
/// Seeds the demonstration session into an empty database at start-up (after migration and workflow deployment),
/// when <c>DemoData:Enabled</c> is true. Runs before the host serves, so nobody sees half a session.
/// </summary>
public static class DemoDataStartup
{
    /// <summary>Options (<c>DemoData</c>, validated at start-up) and the seeder; optional for <see cref="SeedDemoDataAsync(WebApplication, CancellationToken)"/>.</summary>
    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DemoDataOptions>().BindConfiguration(DemoDataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<DemoDataSeeder>();
        return builder;
    }

    /// <summary>In <c>Program.cs</c> after <c>await app.InitializeEngineAsync();</c>.</summary>
    public static async Task SeedDemoDataAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Bound here rather than through IOptions, so the one line in Program.cs is all it takes.
        var options = app.Configuration.GetSection(DemoDataOptions.Section).Get<DemoDataOptions>() ?? new DemoDataOptions();
        await app.Services.SeedDemoDataAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Seeds with <paramref name="options"/> when enabled; logs what was seeded, or why nothing was.</summary>
    public static async Task<DemoDataResult> SeedDemoDataAsync(this IServiceProvider services, DemoDataOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoDataStartup).FullName!);
        if (!options.Enabled)
        {
            return DemoDataResult.Skip("DemoData:Enabled=false");
        }
        if (options.Deputies < 5 || options.Suggestions < 1)
        {
            throw new OptionsValidationException(DemoDataOptions.Section, typeof(DemoDataOptions),
                ["DemoData:Deputies must be at least 5 and DemoData:Suggestions at least 1."]);
        }
        using var scope = services.CreateScope();
        var seeder = ActivatorUtilities.GetServiceOrCreateInstance<DemoDataSeeder>(scope.ServiceProvider);
        var result = await seeder.SeedAsync(new DemoDataSize(options.Deputies, options.Suggestions, options.SessionStart, options.Units), cancellationToken).ConfigureAwait(false);
        if (result.Skipped)
        {
            logger.LogInformation("Demo data not seeded: {Reason}", result.SkippedReason);
            return result;
        }
        logger.LogInformation(
            "Demo data seeded in {Elapsed:0.0} s: {Deputies} deputies, {Units} units, {Committees} committees, {Leaders} leaders, "
            + "{Suggestions} suggestions ({Assigned} assigned at the 交办会 on {MeetingOn:yyyy-MM-dd}); clock {SessionStart:yyyy-MM-dd} → {EndedOn:yyyy-MM-dd}",
            result.Elapsed.TotalSeconds, result.Deputies, result.Units, result.Committees, result.Leaders, result.Suggestions, result.Assigned,
            result.MeetingOn, result.SessionStart, result.EndedOn);
        foreach (var failure in result.Failures)
        {
            logger.LogWarning("Demo data: {Failure}", failure);
        }
        return result;
    }
}
