namespace SupervisionFlow.Engine;

/// <summary>
/// A command the engine refused; nothing was changed. <see cref="Code"/> (one of <see cref="EngineErrorCodes"/>) is
/// stable, for programs and pages to map to their own words; the message is English, for logs and API callers.
/// </summary>
public abstract class EngineException(string message, Exception? inner = null, string? code = null, string? elementId = null)
    : Exception(code is null ? message : $"[{code}] {message}", inner)
{
    /// <summary>A stable code such as <see cref="EngineErrorCodes.TaskAlreadyCompleted"/>; null for an uncoded refusal.</summary>
    public virtual string? Code { get; } = code;

    /// <summary>The BPMN element (activity id) the refusal concerns, when there is one.</summary>
    public string? ElementId { get; } = elementId;
}

/// <summary>An unknown id (definition, instance, task, incident).</summary>
public sealed class EngineNotFoundException(string message, string? code = null, string? elementId = null)
    : EngineException(message, null, code, elementId);

/// <summary>The command lost a race or does not fit the current state (task already completed, claimed by someone else).</summary>
public sealed class EngineConflictException(string message, Exception? inner = null, string? code = null, string? elementId = null)
    : EngineException(message, inner, code, elementId);

/// <summary>Invalid input or a flow that cannot go on: form fields, a gateway with no matching flow, a bad timer value. (A failing expression is an <see cref="Expressions.ExpressionException"/>.)</summary>
public sealed class EngineValidationException(
    string message, IReadOnlyDictionary<string, string>? fieldErrors = null, string? code = null, string? elementId = null,
    IReadOnlyDictionary<string, FormFieldProblem>? fieldProblems = null)
    : EngineException(message, null, code, elementId)
{
    /// <summary>Per form field: what is wrong (a stable code) and the field's label, for pages to word in their language.</summary>
    public IReadOnlyDictionary<string, FormFieldProblem> FieldProblems { get; } = fieldProblems ?? new Dictionary<string, FormFieldProblem>();

    /// <summary>Per form field messages, when the input failed the task's form validation.</summary>
    public IReadOnlyDictionary<string, string> FieldErrors { get; } = fieldErrors ?? new Dictionary<string, string>();
}

/// <summary>One form field's problem: <see cref="Code"/> is one of the <c>SF-ENGINE-03x</c> form codes.</summary>
public sealed record FormFieldProblem(string Code, string Label, IReadOnlyList<string>? Allowed = null);

/// <summary>One problem found in a BPMN file; <see cref="Code"/> is stable, for programs to test.</summary>
public sealed record DeploymentError(string Code, string? ElementId, int? Line, string Message);

/// <summary>The file was rejected; <see cref="Errors"/> lists every problem found. Nothing was deployed.</summary>
public sealed class DeploymentException(IReadOnlyList<DeploymentError> errors)
    : EngineException($"The BPMN file was rejected with {errors.Count} problem(s): " +
                      string.Join("; ", errors.Take(5).Select(e => $"[{e.Code}] {e.ElementId} line {e.Line}: {e.Message}")))
{
    public IReadOnlyList<DeploymentError> Errors { get; } = errors;
}
