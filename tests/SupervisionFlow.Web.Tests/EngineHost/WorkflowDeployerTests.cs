using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.EngineHost;

public sealed class WorkflowDeployerTests
{
    [Fact]
    public async Task Startup_WorkflowsFolder_DeploysValidFilesAndLogsRejectedOnesWithTheirErrors()
    {
        var folder = Directory.CreateTempSubdirectory("supervisionflow-workflows-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a-review.bpmn"), EngineApiClient.Fixture("OneUserTask.bpmn"));
            File.WriteAllText(Path.Combine(folder.FullName, "b-broken.bpmn"), EngineApiClient.Fixture("UnknownElementAndMissingTarget.bpmn"));
            File.WriteAllText(Path.Combine(folder.FullName, "c-deadline.bpmn"), EngineApiClient.Fixture("TimerThenTask.bpmn"));
            File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not a workflow");
            await using var host = new EngineApiHost(new Dictionary<string, string?> { ["Engine:WorkflowsPath"] = folder.FullName });

            var definitions = await host.CreateApiClient().GetArrayAsync("/api/engine/definitions");

            Assert.Equal(["deadline", "review"], definitions.Select(d => (string)d!["key"]!).Order());
            var rejected = Assert.Single(host.Logs.Lines, l => l.Contains("b-broken.bpmn", StringComparison.Ordinal));
            Assert.StartsWith("Error", rejected, StringComparison.Ordinal);
            Assert.Contains("[UNSUPPORTED_ELEMENT] complex (line 6)", rejected, StringComparison.Ordinal);
            Assert.Contains("[FLOW_TARGET_MISSING] f1 (line 5)", rejected, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Startup_SameWorkflowsTwice_CreatesNoSecondVersion()
    {
        var folder = Directory.CreateTempSubdirectory("supervisionflow-workflows-");
        using var database = new TestDatabaseFile();
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "review.bpmn"), EngineApiClient.Fixture("OneUserTask.bpmn"));
            var settings = new Dictionary<string, string?> { ["Engine:WorkflowsPath"] = folder.FullName };
            await using (var first = new EngineApiHost(settings, database: database))
            {
                Assert.Single(await first.CreateApiClient().GetArrayAsync("/api/engine/definitions"));
            }

            await using var second = new EngineApiHost(settings, database: database);

            var definition = Assert.Single(await second.CreateApiClient().GetArrayAsync("/api/engine/definitions"))!;
            Assert.Equal(1, (int)definition["version"]!);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
