using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.EngineHost;

/// <summary>The expression limits are read from <c>Engine:*</c>, reach the engine's evaluator, and cannot be switched off by a zero.</summary>
public sealed class ExpressionLimitsTests
{
    [Fact]
    public async Task MemoryLimit_Configured_StopsStringDoublingThroughTheApiWithItsCode()
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:ExpressionMemoryLimitBytes"] = "1048576" });
        var client = host.CreateApiClient();
        await client.DeployFixtureAsync("StringDoublingCondition.bpmn");
        var instanceId = await client.StartAsync("stringDoubling");
        var taskId = (string)Assert.Single(await client.GetArrayAsync($"/api/engine/tasks?processInstanceId={instanceId}"))!["id"]!;

        var response = await client.PostAsJsonAsync($"/api/engine/tasks/{taskId}/complete", new { userId = "wang.wu" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("EXPRESSION_MEMORY_LIMIT", (string?)problem["code"]);
        Assert.Contains("allocated more than 1 MB (Engine:ExpressionMemoryLimitBytes = 1048576)", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(["assess"], (await client.GetInstanceAsync(instanceId))["activeActivityIds"]!.AsArray().Select(a => (string)a!));
    }

    [Theory]
    [InlineData("Engine:ExpressionMemoryLimitBytes", "0")]
    [InlineData("Engine:ExpressionMaxRecursionDepth", "-1")]
    [InlineData("Engine:ExpressionTimeout", "00:00:00")]
    public async Task Limit_ZeroOrNegative_RefusedAtStart(string setting, string value)
    {
        await using var host = new EngineApiHost(new Dictionary<string, string?> { [setting] = value });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var refused = Assert.IsType<OptionsValidationException>(error is OptionsValidationException ? error : error.InnerException ?? error);
        Assert.Contains("ExpressionMemoryLimitBytes must be positive", refused.Message, StringComparison.Ordinal);
    }
}
