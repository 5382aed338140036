using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.EngineHost;

public sealed class ExpressionWarmupTests
{
    [Fact]
    public async Task HostStarted_EvaluatesOneExpressionInTheBackground_AndLogsIt()
    {
        await using var host = new EngineApiHost();

        // The host answers first: the warm-up waits for ApplicationStarted and runs beside the requests.
        var response = await host.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Logs.Lines.Any(l => l.Contains("表达式引擎已预热", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var line = Assert.Single(host.Logs.Lines, l => l.Contains("表达式引擎", StringComparison.Ordinal));
        Assert.StartsWith("Information", line, StringComparison.Ordinal);
        Assert.Contains("ExpressionWarmup", line, StringComparison.Ordinal);
    }
}
