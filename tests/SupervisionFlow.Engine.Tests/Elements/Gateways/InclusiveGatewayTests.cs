using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Elements.Gateways;

public sealed class InclusiveGatewayTests
{
    private const string Folder = "Elements/Gateways/";

    [Fact]
    public async Task Fork_TwoOfThreeConditionsHold_TwoBranchesTaken()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "InclusiveGateway.bpmn");

        var instance = await h.StartAsync("inclusiveGateway", new { legal = true, finance = true, tech = false });

        Assert.Equal(["financeReview", "legalReview"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task Join_WaitsOnlyForPathsThatCanStillArrive()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "InclusiveGateway.bpmn");
        var instance = await h.StartAsync("inclusiveGateway", new { legal = true, finance = true, tech = false });

        await h.CompleteAsync(instance.Id, "financeReview");
        // the legal path is two tasks long and can still arrive: the join waits
        Assert.Equal(["legalReview"], await h.TaskActivityIdsAsync(instance.Id));
        await h.CompleteAsync(instance.Id, "legalReview");
        Assert.Equal(["legalSign"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.Contains("join", (await h.InstanceAsync(instance.Id)).ActiveActivityIds);

        await h.CompleteAsync(instance.Id, "legalSign");

        // the untaken tech path is not waited for
        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
        Assert.DoesNotContain("techReview", await h.HistoryActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task Join_SingleBranchTaken_PassesAtOnce()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "InclusiveGateway.bpmn");
        var instance = await h.StartAsync("inclusiveGateway", new { legal = false, finance = false, tech = true });
        Assert.Equal(["techReview"], await h.TaskActivityIdsAsync(instance.Id));

        await h.CompleteAsync(instance.Id, "techReview");

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }

    [Fact]
    public async Task Fork_AllThreeTaken_JoinFiresAfterTheLast()
    {
        await using var h = await EngineHarness.CreateAsync();
        await h.DeployFixtureAsync(Folder + "InclusiveGateway.bpmn");
        var instance = await h.StartAsync("inclusiveGateway", new { legal = true, finance = true, tech = true });

        await h.CompleteAsync(instance.Id, "legalReview");
        await h.CompleteAsync(instance.Id, "legalSign");
        await h.CompleteAsync(instance.Id, "financeReview");
        Assert.Equal(["techReview"], await h.TaskActivityIdsAsync(instance.Id));
        await h.CompleteAsync(instance.Id, "techReview");

        Assert.Equal(["after"], await h.TaskActivityIdsAsync(instance.Id));
    }
}
