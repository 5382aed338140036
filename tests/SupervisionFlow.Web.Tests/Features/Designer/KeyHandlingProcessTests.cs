using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Designer;

/// <summary>
/// 流程适用范围 → 重点督办建议: suggestions become key at 交办, so the choice takes effect there — the 交办 step hands
/// a key suggestion to the chosen handling process, every other suggestion to the ordinary one.
/// </summary>
public sealed class KeyHandlingProcessTests : IAsyncLifetime
{
    private const string KeyProcess = "key-suggestion-handling";

    private WebWorld _world = null!;

    public async Task InitializeAsync() => _world = await WebWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Assign_KeySlotChosenInTheDesigner_KeySuggestionsGetThatHandlingProcessOthersTheOrdinaryOne()
    {
        await DeployKeyVariantAsync();
        var admin = await _world.ClientAsAsync("sysadmin");
        var saved = await admin.PostFormAsync("/Designer/Selection", new Dictionary<string, string> { ["slot"] = "Key", ["definitionKey"] = KeyProcess, ["version"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var key = await _world.ReviewedAsync("关于建设城市绿道网络的建议");
        var ordinary = await _world.ReviewedAsync("关于增设社区充电桩的建议");

        await _world.CompleteAsync(key, "assign", SuggestionWalk.Office, SuggestionWalk.Json(new { leadUnitId = "jtj", isKey = true, keyLeaderId = "zhou", keyCommitteeId = "cjw" }));
        await _world.CompleteAsync(ordinary, "assign", SuggestionWalk.Office, SuggestionWalk.Json(new { leadUnitId = "jtj" }));

        Assert.Equal(KeyProcess, await HandlingProcessOfAsync(key));
        Assert.Equal(ProcessKeys.SuggestionHandling, await HandlingProcessOfAsync(ordinary));
        // The key variant is a real handling process: the unit's 签收 task is there.
        Assert.Equal("acknowledge", (await _world.TaskAsync(key, "acknowledge")).ActivityId);
        Assert.Contains($"{KeyProcess}:最新版本", await (await admin.GetAsync("/Designer/Selection")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_KeySlotPinnedToAVersion_StartsThatVersion()
    {
        await DeployKeyVariantAsync();
        await DeployKeyVariantAsync("<!-- 第二版 -->");
        await _world.WithScopeAsync(async services =>
        {
            await services.GetRequiredService<ProcessSelection>().SetAsync(ProcessSlot.Key, KeyProcess, 1, new Actor("sysadmin", "管理员", new HashSet<string> { Actor.AdminGroup }));
            return 0;
        });
        var key = await _world.ReviewedAsync("关于建设城市绿道网络的建议");

        await _world.CompleteAsync(key, "assign", SuggestionWalk.Office, SuggestionWalk.Json(new { leadUnitId = "jtj", isKey = true, keyLeaderId = "zhou", keyCommitteeId = "cjw" }));

        var handling = Assert.Single(await Instances(key), i => i.DefinitionKey == KeyProcess);
        Assert.Equal(1, handling.Version);
    }

    [Fact]
    public async Task Assign_NoKeyChoice_KeySuggestionsUseTheOrdinaryHandlingProcess()
    {
        var key = await _world.ReviewedAsync("关于建设城市绿道网络的建议");

        await _world.CompleteAsync(key, "assign", SuggestionWalk.Office, SuggestionWalk.Json(new { leadUnitId = "jtj", isKey = true, keyLeaderId = "zhou", keyCommitteeId = "cjw" }));

        Assert.Equal(ProcessKeys.SuggestionHandling, await HandlingProcessOfAsync(key));
    }

    /// <summary>The default handling process under another key, as an administrator would save a variant in the designer.</summary>
    private Task DeployKeyVariantAsync(string marker = "")
    {
        var xml = File.ReadAllText(Path.Combine(RepoPaths.Workflows, "suggestion-handling.bpmn"))
            .Replace("\"suggestion-handling\"", $"\"{KeyProcess}\"", StringComparison.Ordinal)
            .Replace("</definitions>", marker + "</definitions>", StringComparison.Ordinal);
        return _world.Engine.DeployAsync(xml);
    }

    private Task<IReadOnlyList<ProcessInstanceView>> Instances(int suggestionId) =>
        _world.Engine.FindInstancesAsync(new InstanceQuery(BusinessKey: suggestionId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The key of the process the intake process called for handling.</summary>
    private async Task<string> HandlingProcessOfAsync(int suggestionId) =>
        Assert.Single(await Instances(suggestionId), i => i.ParentInstanceId is not null).DefinitionKey;
}
