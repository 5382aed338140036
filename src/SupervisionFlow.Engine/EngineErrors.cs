namespace SupervisionFlow.Engine;

/// <summary>A command the engine refused; nothing was changed.</summary>
public abstract class EngineException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An unknown id (definition, instance, task, incident).</summary>
public sealed class EngineNotFoundException(string message) : EngineException(message);

/// <summary>The command lost a race or does not fit the current state (task already completed, claimed by someone else).</summary>
public sealed class EngineConflictException(string message, Exception? inner = null) : EngineException(message, inner);

/// <summary>Invalid input or a flow that cannot go on: form fields, a gateway with no matching flow, a bad timer value. (A failing expression is an <see cref="Expressions.ExpressionException"/>.)</summary>
public sealed class EngineValidationException(string message, IReadOnlyDictionary<string, string>? fieldErrors = null) : EngineException(message)
{
    /// <summary>Per form field messages, when the input failed the task's form validation.</summary>
    public IReadOnlyDictionary<string, string> FieldErrors { get; } = fieldErrors ?? new Dictionary<string, string>();
}

/// <summary>One problem found in a BPMN file; <see cref="Code"/> is stable, for programs to test.</summary>
public sealed record DeploymentError(string Code, string? ElementId, int? Line, string Message);

/// <summary>The file was rejected; <see cref="Errors"/> lists every problem found. Nothing was deployed.</summary>
public sealed class DeploymentException(IReadOnlyList<DeploymentError> errors)
    : EngineException($"The BPMN file was rejected with {errors.Count} problem(s): " +
                      string.Join("; ", errors.Take(5).Select(e => $"[{e.Code}] {e.ElementId} line {e.Line}: {e.Message}")))
{
    public IReadOnlyList<DeploymentError> Errors { get; } = errors;
}
