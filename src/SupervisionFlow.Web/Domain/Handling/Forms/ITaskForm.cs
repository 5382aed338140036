using System.Text.Json.Nodes;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>
/// The domain side of a user task, found by the task's <c>camunda:formKey</c>: validates the input, writes the
/// domain record into the form context's DbContext and returns the process variables to complete the task with.
/// Both then commit in one transaction.
/// </summary>
public interface ITaskForm
{
    string FormKey { get; }

    /// <summary>
    /// Whether the form reads the suggestion's units or co-signers (<see cref="FormContext.Unit"/> does): when it does
    /// not, the submission reads the suggestion row alone, two statements fewer.
    /// </summary>
    bool ReadsSuggestionCollections => true;

    Task<JsonObject> ApplyAsync(FormContext form, CancellationToken cancellationToken);
}
