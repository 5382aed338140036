using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Execution;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Engine.Behaviors;

/// <summary>User task: creates the task row (assignee, candidates, due and follow-up dates, priority, form key) and waits.</summary>
internal sealed class UserTaskBehavior : IBehavior
{
    public const int DefaultPriority = 50;

    public void Execute(Executor executor, InstanceRuntime instance, Execution.Execution token, FlowNode node)
    {
        var task = (UserTaskNode)node;
        var context = executor.Context;
        var variables = instance.VisibleVariables(token);
        var evaluator = context.Runtime.Evaluator;
        var record = new UserTaskRecord
        {
            Id = token.ActivityInstanceId!,
            ProcessInstanceId = instance.Id,
            ExecutionId = token.Id,
            ActivityId = node.Id,
            Name = node.Name,
            DefinitionKey = instance.Model.Key,
            BusinessKey = instance.Record.BusinessKey,
            Assignee = AsText(evaluator, task.Assignee, variables),
            DueAt = AsDate(evaluator, task.DueDate, variables, context.Now, node, "dueDate"),
            FollowUpAt = AsDate(evaluator, task.FollowUpDate, variables, context.Now, node, "followUpDate"),
            Priority = AsPriority(evaluator, task.Priority, variables, node),
            FormKey = task.FormKey,
            CreatedAt = context.NowUtc,
            LocalVariablesJson = instance.LocalVariables(token).ToJsonString(),
        };
        foreach (var group in AsList(evaluator, task.CandidateGroups, variables))
        {
            record.Candidates.Add(new TaskCandidateRecord { TaskId = record.Id, Kind = CandidateKinds.Group, Value = group });
        }
        foreach (var user in AsList(evaluator, task.CandidateUsers, variables))
        {
            record.Candidates.Add(new TaskCandidateRecord { TaskId = record.Id, Kind = CandidateKinds.User, Value = user });
        }
        executor.Rows.AddTask(token, record);
    }

    private static string? AsText(ExpressionEvaluator evaluator, string? text, IReadOnlyDictionary<string, JsonNode?> variables) =>
        text is null ? null : Convert.ToString(evaluator.Evaluate(text, variables), CultureInfo.InvariantCulture) is { Length: > 0 } s ? s : null;

    internal static IEnumerable<string> AsList(ExpressionEvaluator evaluator, string? text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        if (text is null)
        {
            return [];
        }
        var value = evaluator.Evaluate(text, variables);
        var items = value is object[] array
            ? array.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")
            : (Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").Split(',');
        return items.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct();
    }

    private static int AsPriority(ExpressionEvaluator evaluator, string? text, IReadOnlyDictionary<string, JsonNode?> variables, FlowNode node) =>
        text is null
            ? DefaultPriority
            : evaluator.Evaluate(text, variables) switch
            {
                double d => (int)d,
                int i => i,
                string s when int.TryParse(s, CultureInfo.InvariantCulture, out var i) => i,
                var other => throw new EngineValidationException($"camunda:priority of {node} gave '{other}', not a number.", null, EngineErrorCodes.BadRuntimeValue, node.Id),
            };

    /// <summary>An ISO date-time, an ISO period counted from now (P5D), a date value, or an expression giving one of those.</summary>
    public static DateTime? AsDate(
        ExpressionEvaluator evaluator, string? text, IReadOnlyDictionary<string, JsonNode?> variables, DateTimeOffset now, FlowNode node, string attribute)
    {
        if (text is null)
        {
            return null;
        }
        var value = evaluator.Evaluate(text, variables);
        switch (value)
        {
            case null:
                return null;
            case DateTime date:
                return DateTime.SpecifyKind(date, DateTimeKind.Utc);
            case DateTimeOffset date:
                return date.UtcDateTime;
            case string s when TimerSchedule.TryParseDate(s, out var date):
                return date.UtcDateTime;
            case string s when IsoDuration.TryParse(s, out var period):
                return period.AddTo(now).UtcDateTime;
            default:
                throw new EngineValidationException($"camunda:{attribute} of {node} gave '{value}', not an ISO 8601 date-time or period.", null, EngineErrorCodes.BadRuntimeValue, node.Id);
        }
    }
}

/// <summary>Values of <see cref="TaskCandidateRecord.Kind"/>.</summary>
public static class CandidateKinds
{
    public const string Group = "group";
    public const string User = "user";
}
