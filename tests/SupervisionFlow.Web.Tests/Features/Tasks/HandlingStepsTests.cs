using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Features.Tasks.Steps;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Tasks;

/// <summary>
/// A step is one folder: the workflows' form keys and the registered steps match one to one, and each step's class
/// and page part stand together in Features/Tasks/Steps/&lt;Area&gt;/ — so adding or changing a step touches the BPMN
/// file and that folder only.
/// </summary>
public sealed partial class HandlingStepsTests : IAsyncLifetime
{
    private WebWorld _world = null!;

    public async Task InitializeAsync() => _world = await WebWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static string StepsFolder => Path.Combine(RepoPaths.Root, "src", "SupervisionFlow.Web", "Features", "Tasks", "Steps");

    private static HashSet<string> WorkflowFormKeys() =>
    [
        .. Directory.EnumerateFiles(RepoPaths.Workflows, "*.bpmn", SearchOption.AllDirectories)
            .SelectMany(f => FormKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)),
    ];

    private IReadOnlyCollection<IHandlingStep> Steps() => _world.Services.GetRequiredService<HandlingSteps>().All;

    [Fact]
    public void EveryWorkflowFormKey_HasAStep()
    {
        var steps = _world.Services.GetRequiredService<HandlingSteps>();
        var keys = WorkflowFormKeys();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(steps.Find(key) is not null, $"no step for camunda:formKey=\"{key}\""));
    }

    [Fact]
    public void EveryStep_IsUsedByAWorkflow()
    {
        var keys = WorkflowFormKeys();

        Assert.NotEmpty(Steps());
        Assert.All(Steps(), step => Assert.True(keys.Contains(step.FormKey), $"{step.GetType().Name} ({step.FormKey}) is in no workflow"));
    }

    [Fact]
    public void EveryStep_HasItsClassAndPagePartInItsAreaFolder()
    {
        Assert.All(Steps(), step =>
        {
            var folder = Path.Combine(StepsFolder, step.Area);
            Assert.True(File.Exists(Path.Combine(folder, step.GetType().Name + ".cs")), $"{step.GetType().Name}.cs is not in Steps/{step.Area}");
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "src", "SupervisionFlow.Web", step.PartialPath.TrimStart('/'))), $"no page part {step.PartialPath}");
            Assert.Equal($"/Features/Tasks/Steps/{step.Area}/{step.GetType().Name}.cshtml", step.PartialPath);
        });
    }

    [Fact]
    public void EveryStep_IsTheTaskFormOfItsKey()
    {
        var forms = _world.Services.GetServices<ITaskForm>().ToList();

        Assert.Equal(Steps().Count, forms.Count);
        Assert.All(Steps(), step => Assert.Same(step, Assert.Single(forms, f => f.FormKey == step.FormKey)));
    }

    [Fact]
    public void EveryStep_DeclaresEachFieldOnceWithAChineseLabel()
    {
        Assert.All(Steps(), step =>
        {
            Assert.NotEmpty(step.Fields);
            Assert.Equal(step.Fields.Count, step.Fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
            Assert.All(step.Fields, f => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", f.Label));
        });
    }

    /// <summary>Each declared field is used by the step's page part or read by name elsewhere (a 交办会 sets <c>meetingId</c>).</summary>
    [Fact]
    public void EveryStep_ShowsItsDeclaredFieldsOnItsPagePart()
    {
        Assert.All(Steps(), step =>
        {
            var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "SupervisionFlow.Web", step.PartialPath.TrimStart('/')));
            var declared = step.GetType().GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Where(f => f.FieldType == typeof(StepField))
                .ToDictionary(f => ((StepField)f.GetValue(null)!).Name, f => f.Name, StringComparer.Ordinal);
            Assert.Equal(step.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
            var notShown = declared.Where(d => !page.Contains($"{step.GetType().Name}.{d.Value})", StringComparison.Ordinal)
                                               && !page.Contains($"{step.GetType().Name}.{d.Value},", StringComparison.Ordinal)).Select(d => d.Key);
            Assert.Equal(step.FormKey == "office:assign" ? ["meetingId"] : [], notShown);
        });
    }

    [GeneratedRegex("camunda:formKey=\"([^\"]+)\"")]
    private static partial Regex FormKey();
}
