using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks.Steps;

/// <summary>What a step may read to fill its page: the database (read only), the task, its suggestion and the profile.</summary>
public sealed record StepViewContext(AppDbContext Db, TaskView Task, Suggestion? Suggestion, HandlingProfile Profile)
{
    public string? Text(string variable) => Task.Variables[variable] is JsonValue v ? v.ToString() : null;
}
