using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SupervisionFlow.E2E.Tests.TestSupport;

/// <summary>
/// The real host (Program.cs) on Kestrel at a free loopback port, so a real browser can reach it: a fresh SQLite file,
/// the repository's workflows and calendar, a manual clock at <see cref="ClockStart"/> with the background sweep off,
/// a small demo session, and demo users that all sign in with <see cref="Password"/>.
/// </summary>
public sealed class AppHost : WebApplicationFactory<Program>
{
    /// <summary>DemoUsers:Password, honoured outside Production only.</summary>
    public const string Password = "E2eTest2026pw";

    public static readonly DateTimeOffset ClockStart = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "supervisionflow-e2e", Guid.NewGuid().ToString("N"));

    public AppHost()
    {
        Directory.CreateDirectory(_folder);
        // Kestrel instead of the in-memory TestServer; port 0 lets the OS choose, read back in BaseUrl.
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string DatabasePath => Path.Combine(_folder, "e2e.db");

    /// <summary>http://127.0.0.1:PORT, once <see cref="Start"/> has run.</summary>
    public string BaseUrl { get; private set; } = "";

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:SupervisionFlow"] = $"Data Source={DatabasePath}",
            ["Database:Provider"] = "Sqlite",
            ["Engine:Clock:Mode"] = "Manual",
            ["Engine:Clock:Start"] = ClockStart.ToString("O"),
            // Timers fire only when a test says so: the walk-through must not race a sweep.
            ["Engine:Sweep:Enabled"] = "false",
            ["Engine:WorkflowsPath"] = RepoPaths.Workflows,
            ["Handling:CalendarPath"] = RepoPaths.Calendars,
            ["DemoData:Enabled"] = "true",
            ["DemoData:Deputies"] = "20",
            ["DemoData:Suggestions"] = "12",
            ["DemoUsers:Password"] = Password,
            ["Notifications:PickupDirectory"] = Path.Combine(_folder, "mail"),
            ["Notifications:BaseUrl"] = "http://127.0.0.1",
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Notifications:Reminders:Enabled"] = "false",
        };
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; harmless.
        }
        GC.SuppressFinalize(this);
    }
}
