using System.Text;
using System.Text.Json.Nodes;

namespace SupervisionFlow.Engine.Execution;

/// <summary>
/// Checks variables coming in from outside (start, complete, message, set) against <see cref="EngineOptions.VariableMaxBytes"/>
/// and <see cref="EngineOptions.VariableMaxDepth"/> before any command runs, naming the variable at fault.
/// </summary>
internal static class VariableLimits
{
    public static void Check(JsonObject? variables, EngineOptions options)
    {
        if (variables is null)
        {
            return;
        }
        foreach (var (name, value) in variables)
        {
            var depth = Depth(value);
            if (depth > options.VariableMaxDepth)
            {
                throw new EngineValidationException(
                    $"Variable '{name}' nests {depth} levels deep; at most {options.VariableMaxDepth} are allowed (Engine:VariableMaxDepth).",
                    new Dictionary<string, string> { [name] = $"nested deeper than {options.VariableMaxDepth} levels" }, EngineErrorCodes.VariableTooDeep);
            }
            var bytes = value is null ? 4 : Encoding.UTF8.GetByteCount(value.ToJsonString());
            if (bytes > options.VariableMaxBytes)
            {
                throw new EngineValidationException(
                    $"Variable '{name}' has {bytes} bytes of JSON; at most {options.VariableMaxBytes} are allowed (Engine:VariableMaxBytes). Store documents as attachments.",
                    new Dictionary<string, string> { [name] = $"larger than {options.VariableMaxBytes} bytes" }, EngineErrorCodes.VariableTooLarge);
            }
        }
    }

    /// <summary>Levels of objects/arrays (a scalar is 0); walked with a stack, so no input can overflow ours.</summary>
    private static int Depth(JsonNode? root)
    {
        var deepest = 0;
        var pending = new Stack<(JsonNode? Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            IEnumerable<JsonNode?> children = node switch
            {
                JsonObject o => o.Select(p => p.Value),
                JsonArray a => a,
                _ => [],
            };
            if (node is JsonObject or JsonArray)
            {
                deepest = Math.Max(deepest, depth + 1);
                foreach (var child in children)
                {
                    pending.Push((child, depth + 1));
                }
            }
        }
        return deepest;
    }
}
