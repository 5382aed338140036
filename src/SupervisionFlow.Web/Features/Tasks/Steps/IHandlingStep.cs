using SupervisionFlow.Web.Domain.Handling.Forms;

namespace SupervisionFlow.Web.Features.Tasks.Steps;

/// <summary>
/// One user task of the workflows, found by its <c>camunda:formKey</c>: the fields it asks for (declared once, shown
/// and read from the same declaration), the view data its page shows, and — as an <see cref="ITaskForm"/> — what a
/// submission writes. Its page part is <c>Steps/&lt;Area&gt;/&lt;StepClass&gt;.cshtml</c> beside the class.
/// </summary>
public interface IHandlingStep : ITaskForm
{
    /// <summary>The folder (and last namespace segment) the step lives in, e.g. <c>Units</c>.</summary>
    string Area { get; }

    /// <summary>The step's page part, by convention the class name beside the class.</summary>
    string PartialPath { get; }

    IReadOnlyList<StepField> Fields { get; }

    /// <summary>What the step's page part shows besides its fields (the latest reply, a pending request …), or null.</summary>
    Task<object?> LoadAsync(StepViewContext view, CancellationToken cancellationToken);
}
