using System.Text.Json;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Execution;

/// <summary>A process instance loaded for one command: its row, definition, execution tree and variables.</summary>
internal sealed class InstanceRuntime
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public InstanceRuntime(ProcessInstanceRecord record, ProcessModel model)
    {
        Record = record;
        Model = model;
        Executions = new ExecutionTree(ParseExecutions(record.ExecutionsJson));
        Variables = JsonNode.Parse(record.VariablesJson) as JsonObject ?? [];
    }

    public ProcessInstanceRecord Record { get; }

    public ProcessModel Model { get; }

    public ExecutionTree Executions { get; }

    /// <summary>Process-level variables.</summary>
    public JsonObject Variables { get; }

    public string Id => Record.Id;

    public bool IsActive => Record.State == InstanceStates.Active;

    public Execution? Root => Executions.FirstOrDefault(e => e.Kind == ExecutionKind.Root);

    public bool Contains(Execution execution) => Executions.Contains(execution);

    public Execution? Find(string? id) => id is null ? null : Executions.Find(id);

    public Execution? Parent(Execution execution) => Find(execution.ParentId);

    public List<Execution> Children(Execution execution) => Executions.Where(e => e.ParentId == execution.Id).ToList();

    public Execution AddExecution(Execution? parent, ExecutionKind kind, string? activityId)
    {
        var execution = new Execution { Id = Execution.NewId(), ParentId = parent?.Id, Kind = kind, ActivityId = activityId };
        Executions.Add(execution);
        return execution;
    }

    /// <summary>Process variables overlaid with the locals of every execution from the root down to <paramref name="execution"/>.</summary>
    public Dictionary<string, JsonNode?> VisibleVariables(Execution? execution)
    {
        var visible = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in Variables)
        {
            visible[name] = value;
        }
        var chain = new Stack<Execution>();
        for (var e = execution; e is not null; e = Parent(e))
        {
            chain.Push(e);
        }
        foreach (var e in chain)
        {
            foreach (var (name, value) in e.Variables ?? [])
            {
                visible[name] = value;
            }
        }
        return visible;
    }

    /// <summary>Locals of the chain above the process level (what a task shows besides process variables).</summary>
    public JsonObject LocalVariables(Execution execution)
    {
        var locals = new JsonObject();
        var chain = new Stack<Execution>();
        for (var e = execution; e is not null; e = Parent(e))
        {
            chain.Push(e);
        }
        foreach (var e in chain)
        {
            foreach (var (name, value) in e.Variables ?? [])
            {
                locals[name] = value?.DeepClone();
            }
        }
        return locals;
    }

    /// <summary>Sets a variable where it is already defined locally (nearest first), else at process level.</summary>
    public void SetVariable(Execution? execution, string name, JsonNode? value)
    {
        for (var e = execution; e is not null; e = Parent(e))
        {
            if (e.Variables?.ContainsKey(name) == true)
            {
                e.Variables[name] = value?.DeepClone();
                return;
            }
        }
        Variables[name] = value?.DeepClone();
    }

    /// <summary>Writes the tree and variables back to the row and bumps its revision (the optimistic-concurrency token).</summary>
    public void Flush()
    {
        Record.ExecutionsJson = JsonSerializer.Serialize<IEnumerable<Execution>>(Executions, Json);
        Record.VariablesJson = Variables.ToJsonString();
        Record.Revision++;
    }

    public static IReadOnlyList<string> ActiveActivityIds(IEnumerable<Execution> executions) =>
        executions.Where(e => e.ActivityId is not null).Select(e => e.ActivityId!).Distinct().ToList();

    public static List<Execution> ParseExecutions(string json) => JsonSerializer.Deserialize<List<Execution>>(json, Json) ?? [];
}

/// <summary>Instance states as stored and shown by the API.</summary>
internal static class InstanceStates
{
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Terminated = "terminated";
}
