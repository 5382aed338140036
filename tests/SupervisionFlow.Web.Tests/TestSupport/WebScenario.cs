using Microsoft.Extensions.DependencyInjection;

namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// What a <see cref="SeededWorld{TScenario}"/> puts into its own host before the tests run: the host's settings and
/// services, then <see cref="SeedAsync"/>. The scenario keeps the ids it made so tests can assert exact figures.
/// </summary>
public abstract class WebScenario
{
    public virtual IDictionary<string, string?>? Settings => null;

    public virtual Action<IServiceCollection>? ConfigureServices => null;

    public abstract Task SeedAsync(WebWorld world);
}
