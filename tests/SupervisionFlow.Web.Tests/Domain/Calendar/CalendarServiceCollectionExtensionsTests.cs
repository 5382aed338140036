using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Tasks;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.EngineHost;

namespace SupervisionFlow.Web.Tests.Domain.Calendars;

/// <summary>The start-up wiring: a broken profile or calendar stops the host; a good one gives the engine its functions.</summary>
public class CalendarServiceCollectionExtensionsTests
{
    private readonly LogLines _logs = new();

    private IHost BuildHost(Dictionary<string, string?> settings, DateTimeOffset? now = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = RealCalendar.RepositoryRoot,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(now ?? new DateTimeOffset(2026, 7, 1, 1, 0, 0, TimeSpan.Zero)));
        builder.Services.AddWorkingCalendar(builder.Configuration, builder.Environment.ContentRootPath);
        return builder.Build();
    }

    [Fact]
    public async Task Start_DefaultProfile_RegistersCalendarFunctionsForEngine()
    {
        using var host = BuildHost([]);
        await host.StartAsync();

        var functions = new ExpressionFunctions();
        foreach (var contribution in host.Services.GetServices<IConfigureEngine>())
        {
            contribution.Configure(new ServiceTaskHandlers(), functions);
        }
        var evaluator = new ExpressionEvaluator(functions, TimeSpan.FromSeconds(1), 10000);

        Assert.Equal("2026-10-08T23:59:59+08:00", evaluator.Evaluate("${deadline('reply', today())}", new Dictionary<string, System.Text.Json.Nodes.JsonNode?>()));
        Assert.Equal(RealCalendar.Directory, host.Services.GetRequiredService<WorkingCalendar>().Directory);
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_ConfiguredDeadline_IsUsedByDeadlineFunction()
    {
        using var host = BuildHost(new() { ["Handling:Deadlines:Reply:Months"] = "2" });
        await host.StartAsync();

        var profile = host.Services.GetRequiredService<IOptions<HandlingProfile>>().Value;

        Assert.Equal(new DateOnly(2026, 9, 1), profile.Compute("reply", new DateOnly(2026, 7, 1), host.Services.GetRequiredService<WorkingCalendar>()));
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_InvalidProfile_FailsNamingSetting()
    {
        using var host = BuildHost(new() { ["Handling:Deadlines:ReplyExtended:Months"] = "2" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Handling:Deadlines:ReplyExtended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MalformedCalendarFile_FailsNamingFile()
    {
        using var folder = new CalendarFolder();
        var file = folder.Write("2026.json", """{ "year": 2026, "source": "x", "holidays": [ { "name": "元旦", "dates": ["2026-1-1"] } ] }""");
        using var host = BuildHost(new() { ["Handling:CalendarPath"] = folder.Path });

        var error = await Assert.ThrowsAsync<CalendarDataException>(() => host.StartAsync());

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("holidays[0].dates[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NextYearMissingAndThisYearProvisional_WarnsWithFilesToAdd()
    {
        using var host = BuildHost([], now: new DateTimeOffset(2027, 6, 1, 3, 0, 0, TimeSpan.Zero));
        await host.StartAsync();

        var warnings = _logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains(Path.Combine(RealCalendar.Directory, "2028.json"), StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("provisional", StringComparison.Ordinal) && w.Contains("2027.json", StringComparison.Ordinal));
        await host.StopAsync();
    }

    private sealed class LogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue($"{logLevel} {formatter(state, exception)}");
                }
            }
        }
    }
}
