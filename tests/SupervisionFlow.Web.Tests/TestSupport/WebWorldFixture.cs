namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// One plain <see cref="WebWorld"/> (directory and users, nothing else) for xunit to share: through
/// <see cref="WebCollection"/> by every class that creates its own suggestions and asserts nothing about global counts,
/// or through <c>IClassFixture</c> by a class that needs a host of its own.
/// </summary>
public sealed class WebWorldFixture : IAsyncLifetime
{
    public WebWorld Value { get; private set; } = null!;

    public async Task InitializeAsync() => Value = await WebWorld.StartAsync();

    public async Task DisposeAsync() => await Value.DisposeAsync();
}
