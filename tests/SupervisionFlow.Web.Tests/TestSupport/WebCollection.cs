namespace SupervisionFlow.Web.Tests.TestSupport;

/// <summary>
/// The classes that share one plain host (<c>[Collection(WebCollection.Name)]</c>). xunit runs them one after another,
/// so each must make its own data and must not count what other classes leave behind.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebWorldFixture>
{
    public const string Name = "web";
}
