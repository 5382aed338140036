using SupervisionFlow.Engine.Operations;

namespace SupervisionFlow.Web.Features.Admin.Migrations;

/// <summary>
/// <c>POST /api/engine/migrations</c>: <c>validate</c> answers the plan (the proposed mapping when none is given),
/// <c>dryRun</c> how many instances would migrate and which would not, <c>execute</c> migrates them in chunks
/// (synchronously, up to <see cref="MigrationOptions.MaxInstancesPerRun"/>), each audited with actor <c>api</c>.
/// Refusals are problem+json with the SF-ENGINE code and element.
/// </summary>
public static class MigrationsEndpoints
{
    public const string Validate = "validate";
    public const string DryRun = "dryRun";
    public const string Execute = "execute";

    public sealed record MigrationRequest(
        string? Mode, string? SourceDefinitionId, string? TargetDefinitionId, Dictionary<string, string>? ActivityMapping, bool RecomputeDueDates = false);

    public sealed record MigrationResponse(string Mode, MigrationPlan Plan, MigrationDryRun? DryRun, MigrationResult? Result);

    public static RouteGroupBuilder MapMigrations(this RouteGroupBuilder group)
    {
        group.MapPost("/migrations", async (MigrationRequest request, MigrationRunner runner, CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(request.SourceDefinitionId))
                {
                    return EngineApi.ApiProblems.Required("sourceDefinitionId");
                }
                if (string.IsNullOrWhiteSpace(request.TargetDefinitionId))
                {
                    return EngineApi.ApiProblems.Required("targetDefinitionId");
                }
                var mode = request.Mode ?? Validate;
                if (mode is not (Validate or DryRun or Execute))
                {
                    return EngineApi.ApiProblems.BadRequest("mode is one of validate, dryRun, execute.");
                }
                var plan = await runner.PlanAsync(request.SourceDefinitionId, request.TargetDefinitionId, request.ActivityMapping, request.RecomputeDueDates, cancellationToken);
                var dryRun = await runner.DryRunAsync(plan, cancellationToken);
                var result = mode == Execute ? await runner.ExecuteAsync(plan, "api", cancellationToken) : null;
                return TypedResults.Ok(new MigrationResponse(mode, plan, mode == Validate ? null : dryRun, result));
            })
            .WithName("MigrateInstances")
            .WithSummary("Validates, dry-runs or executes a migration of running instances from one definition version to another; executed migrations are audited.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
