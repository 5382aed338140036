namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// A host of its own seeded with <typeparamref name="TScenario"/>, for a class whose assertions count what is in the
/// database (totals, lists) and so must not see another class's data. Use it through <c>IClassFixture</c>.
/// </summary>
public sealed class SeededWorld<TScenario> : IAsyncLifetime
    where TScenario : WebScenario, new()
{
    public TScenario Scenario { get; } = new();

    public WebWorld Value { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Value = await WebWorld.StartAsync(Scenario.Settings, Scenario.ConfigureServices);
        await Scenario.SeedAsync(Value);
    }

    public async Task DisposeAsync()
    {
        if (Scenario is IDisposable disposable)
        {
            disposable.Dispose();
        }
        await Value.DisposeAsync();
    }
}
