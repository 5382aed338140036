using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// The real host (Program.cs) on a SQLite file of its own, with the API enabled, a manual clock at
/// <see cref="ClockStart"/> and the background sweep off (tests fire timers through the API). Settings passed in
/// replace the defaults; a null value removes one.
/// </summary>
public sealed class EngineApiHost : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-key-0123456789";

    public static readonly DateTimeOffset ClockStart = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private readonly TestDatabaseFile? _ownDatabase;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly string _environment;
    private readonly string? _contentRoot;

    public EngineApiHost(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        TestDatabaseFile? database = null,
        string environment = "Testing",
        string? contentRoot = null)
    {
        if (database is null)
        {
            _ownDatabase = new TestDatabaseFile();
            database = _ownDatabase;
        }
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:SupervisionFlow"] = database.ConnectionString,
            ["Engine:Api:Keys:0"] = ApiKey,
            ["Engine:Clock:Mode"] = "Manual",
            ["Engine:Clock:Start"] = ClockStart.ToString("O"),
            ["Engine:Sweep:Enabled"] = "false",
            ["Engine:WorkflowsPath"] = Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests", "no-workflows"),
            // The host's content root is the project folder under the test runner; the calendar lives in the repo.
            ["Handling:CalendarPath"] = RepoPaths.Calendars,
            ["DemoData:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
        _configureServices = configureServices;
        _environment = environment;
        _contentRoot = contentRoot;
    }

    public CollectingLoggerProvider Logs { get; } = new();

    /// <summary>A client that sends the API key.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        if (_contentRoot is not null)
        {
            builder.UseContentRoot(_contentRoot);
        }
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _ownDatabase?.Dispose();
    }
}

/// <summary>Calls of the engine API that most tests make.</summary>
public static class EngineApiClient
{
    /// <summary>The BPMN fixture of that name, copied beside the test assembly from the test's folder.</summary>
    public static string Fixture(string name) =>
        File.ReadAllText(Directory.EnumerateFiles(AppContext.BaseDirectory, name, SearchOption.AllDirectories).Single());

    public static Task<HttpResponseMessage> DeployXmlAsync(this HttpClient client, string xml) =>
        client.PostAsync("/api/engine/deployments", new StringContent(xml, Encoding.UTF8, "application/xml"));

    public static async Task<JsonObject> DeployFixtureAsync(this HttpClient client, string fixture)
    {
        var response = await client.DeployXmlAsync(Fixture(fixture));
        return await response.ReadJsonAsync<JsonObject>(expectSuccess: true);
    }

    public static async Task<string> StartAsync(this HttpClient client, string definitionKey, string? businessKey = null, JsonObject? variables = null)
    {
        var response = await client.PostAsJsonAsync("/api/engine/process-instances", new { definitionKey, businessKey, variables });
        var body = await response.ReadJsonAsync<JsonObject>(expectSuccess: true);
        return (string)body["id"]!;
    }

    public static async Task<JsonObject> GetInstanceAsync(this HttpClient client, string id) =>
        await (await client.GetAsync($"/api/engine/process-instances/{id}")).ReadJsonAsync<JsonObject>(expectSuccess: true);

    public static async Task<JsonArray> GetArrayAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).ReadJsonAsync<JsonArray>(expectSuccess: true);

    public static async Task<int> FireDueAsync(this HttpClient client)
    {
        var body = await (await client.PostAsync("/api/engine/timers/fire-due", null)).ReadJsonAsync<JsonObject>(expectSuccess: true);
        return (int)body["fired"]!;
    }

    public static async Task<DateTimeOffset> AdvanceClockAsync(this HttpClient client, string isoDuration)
    {
        var body = await (await client.PostAsJsonAsync("/api/engine/clock", new { advance = isoDuration })).ReadJsonAsync<JsonObject>(expectSuccess: true);
        return DateTimeOffset.Parse((string)body["now"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response, bool expectSuccess = false)
        where T : JsonNode
    {
        var text = await response.Content.ReadAsStringAsync();
        if (expectSuccess && !response.IsSuccessStatusCode)
        {
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        }
        return JsonNode.Parse(text) as T ?? throw new Xunit.Sdk.XunitException($"expected a JSON {typeof(T).Name}: {text}");
    }

    /// <summary>Asserts the status and that the body is problem+json; returns the problem.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        return problem;
    }

}
