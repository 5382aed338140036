namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// An instance's executions in creation order (the stored JSON keeps that order), indexed by id. Every step looks up
/// parents; a linear search per lookup made entering nested sub-processes cost the cube of their depth.
/// </summary>
internal sealed class ExecutionTree(IEnumerable<Execution> executions) : IEnumerable<Execution>
{
    private readonly List<Execution> _ordered = [.. executions];
    private readonly Dictionary<string, Execution> _byId = executions.ToDictionary(e => e.Id, StringComparer.Ordinal);

    public int Count => _ordered.Count;

    public void Add(Execution execution)
    {
        _ordered.Add(execution);
        _byId.Add(execution.Id, execution);
    }

    public bool Remove(Execution execution)
    {
        if (!Contains(execution))
        {
            return false;
        }
        _byId.Remove(execution.Id);
        return _ordered.Remove(execution);
    }

    public void Clear()
    {
        _ordered.Clear();
        _byId.Clear();
    }

    public bool Contains(Execution execution) => _byId.TryGetValue(execution.Id, out var found) && ReferenceEquals(found, execution);

    public Execution? Find(string id) => _byId.GetValueOrDefault(id);

    public IEnumerator<Execution> GetEnumerator() => _ordered.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
