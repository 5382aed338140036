using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using static SupervisionFlow.Web.Features.EngineApi.ProcessInstancesEndpoints;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>Open user tasks: query, claim, complete.</summary>
public static class TasksEndpoints
{
    /// <summary>An open task; <c>variables</c> are the instance's plus the task's local ones (e.g. a multi-instance element variable).</summary>
    public sealed record TaskResponse(
        string Id, string? Name, string ActivityId, string ProcessInstanceId, string? BusinessKey, string? Assignee,
        IReadOnlyList<string> CandidateGroups, IReadOnlyList<string> CandidateUsers, DateTime? DueAt, DateTime? FollowUpAt,
        int Priority, string? FormKey, DateTime CreatedAt, JsonObject Variables)
    {
        public static TaskResponse From(TaskView t) =>
            new(t.Id, t.Name, t.ActivityId, t.ProcessInstanceId, t.BusinessKey, t.Assignee, t.CandidateGroups, t.CandidateUsers,
                t.DueAt, t.FollowUpAt, t.Priority, t.FormKey, t.CreatedAt, t.Variables);
    }

    public sealed record ClaimRequest(string? UserId);

    public sealed record CompleteRequest(string? UserId, JsonObject? Variables);

    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder group)
    {
        group.MapGet("/tasks", async (
                string? processInstanceId, string? assignee, string? candidateGroup, string? candidateUser, string? activityId,
                DateTimeOffset? dueBefore, int? firstResult, int? maxResults, string? after,
                HttpContext http, IOptions<EngineOptions> options, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var (page, problem) = ApiPaging.Read(firstResult, maxResults, after, options.Value);
                if (problem is not null)
                {
                    return problem;
                }
                var query = Query(processInstanceId, assignee, candidateGroup, candidateUser, activityId, dueBefore);
                var tasks = await engine.FindTaskPageAsync(query, page!, cancellationToken).ConfigureAwait(false);
                ApiPaging.Describe(http, tasks);
                return TypedResults.Ok(tasks.Items.Select(TaskResponse.From).ToList());
            })
            .WithName("FindTasks")
            .WithSummary("Open tasks, one page; every given filter must match. candidateUser also matches the user's own tasks.")
            .WithDescription(ApiPaging.Description)
            .Produces<List<TaskResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/tasks/count", async (
                string? processInstanceId, string? assignee, string? candidateGroup, string? candidateUser, string? activityId,
                DateTimeOffset? dueBefore, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var query = Query(processInstanceId, assignee, candidateGroup, candidateUser, activityId, dueBefore);
                return TypedResults.Ok(new ApiPaging.CountResponse(await engine.CountTasksAsync(query, cancellationToken).ConfigureAwait(false)));
            })
            .WithName("CountTasks")
            .WithSummary("How many open tasks match the filters of GET /tasks.")
            .Produces<ApiPaging.CountResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/tasks/{id}", async (string id, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                var task = await engine.GetTaskAsync(id, cancellationToken).ConfigureAwait(false);
                return task is null ? ApiProblems.NotFound($"No open task '{id}'.") : TypedResults.Ok(TaskResponse.From(task));
            })
            .WithName("GetTask")
            .Produces<TaskResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/tasks/{id}/claim", async (string id, ClaimRequest request, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                await engine.ClaimTaskAsync(id, Blank(request.UserId), cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("ClaimTask")
            .WithSummary("Claims the task for userId; a null userId gives it back to its candidates.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/tasks/{id}/complete", async (string id, CompleteRequest? request, ProcessEngine engine, CancellationToken cancellationToken) =>
            {
                await engine.CompleteTaskAsync(id, Blank(request?.UserId), request?.Variables, cancellationToken).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .WithName("CompleteTask")
            .WithSummary("Completes the task with the given variables, validated against its form; of concurrent completions one wins, the others get 409.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static TaskQuery Query(
        string? processInstanceId, string? assignee, string? candidateGroup, string? candidateUser, string? activityId, DateTimeOffset? dueBefore) =>
        new(Blank(processInstanceId), Blank(assignee), Blank(candidateGroup), Blank(candidateUser), Blank(activityId), dueBefore?.UtcDateTime);
}
