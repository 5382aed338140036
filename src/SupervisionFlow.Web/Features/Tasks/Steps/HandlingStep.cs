using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;

namespace SupervisionFlow.Web.Features.Tasks.Steps;

/// <summary>A step's area and page part come from where its class stands; it states only its key, fields and rules.</summary>
public abstract class HandlingStep : IHandlingStep
{
    public abstract string FormKey { get; }

    public abstract IReadOnlyList<StepField> Fields { get; }

    public string Area => GetType().Namespace is { } ns ? ns[(ns.LastIndexOf('.') + 1)..] : "";

    public string PartialPath => $"/Features/Tasks/Steps/{Area}/{GetType().Name}.cshtml";

    public virtual Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken) => Task.FromResult<object?>(null);

    /// <summary>True unless the step never reads the suggestion's units or co-signers (see <see cref="ITaskForm.ReadsSuggestionCollections"/>).</summary>
    public virtual bool ReadsSuggestionCollections => true;

    public abstract Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken);
}
