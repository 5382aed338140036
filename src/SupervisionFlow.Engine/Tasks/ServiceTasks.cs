using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Engine.Tasks;

/// <summary>
/// Code the host runs for a <c>serviceTask</c>/<c>sendTask</c> whose <c>camunda:delegateExpression</c> is
/// <c>${name}</c>. Throw <see cref="BpmnErrorException"/> for a business error an error boundary event can catch;
/// any other exception is a technical failure: retried with back-off, then an incident.
/// </summary>
public interface IServiceTaskHandler
{
    Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken);
}

/// <summary>A business error with a BPMN error code, caught by the nearest matching error boundary event.</summary>
public sealed class BpmnErrorException(string errorCode, string? message = null) : Exception(message ?? $"BPMN error '{errorCode}'")
{
    public string ErrorCode { get; } = errorCode;
}

/// <summary>What a service-task handler sees: the instance, its variables, and a way to set variables.</summary>
public sealed class ServiceTaskContext(
    string processInstanceId, string definitionKey, string? businessKey, string activityId,
    IReadOnlyDictionary<string, JsonNode?> variables, DateTimeOffset now, DbContext db)
{
    private readonly Dictionary<string, JsonNode?> _changes = [];

    public string ProcessInstanceId { get; } = processInstanceId;

    public string DefinitionKey { get; } = definitionKey;

    public string? BusinessKey { get; } = businessKey;

    public string ActivityId { get; } = activityId;

    /// <summary>The engine's clock at the start of the run.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// The command's DbContext (the host's context): rows a handler adds or changes here are saved in the same
    /// transaction as the task's completion, so a retried failure never leaves half of its work behind.
    /// </summary>
    public DbContext Db { get; } = db;

    /// <summary>Process and local variables visible at the task.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables { get; } = variables;

    /// <summary>Variables the handler set; saved with the task's completion.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Changes => _changes;

    public JsonNode? GetVariable(string name) =>
        _changes.TryGetValue(name, out var changed) ? changed : Variables.GetValueOrDefault(name);

    public void SetVariable(string name, JsonNode? value) => _changes[name] = value;
}

/// <summary>The handlers the host registered, by the name used in <c>${name}</c>.</summary>
public sealed class ServiceTaskHandlers
{
    private readonly Dictionary<string, IServiceTaskHandler> _handlers = new(StringComparer.Ordinal);

    public ServiceTaskHandlers Register(string name, IServiceTaskHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _handlers[name] = handler;
        return this;
    }

    /// <summary>Registers a handler written as a lambda.</summary>
    public ServiceTaskHandlers Register(string name, Func<ServiceTaskContext, CancellationToken, Task> handler) =>
        Register(name, new DelegateHandler(handler));

    public bool Contains(string name) => _handlers.ContainsKey(name);

    public IServiceTaskHandler? Find(string name) => _handlers.GetValueOrDefault(name);

    private sealed class DelegateHandler(Func<ServiceTaskContext, CancellationToken, Task> run) : IServiceTaskHandler
    {
        public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
    }
}
