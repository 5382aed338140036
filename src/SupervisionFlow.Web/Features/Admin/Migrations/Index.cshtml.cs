using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Queries;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Admin.Migrations;

/// <summary>
/// 版本迁移 (admin): pick a process and two of its versions, edit the proposed activity mapping, dry-run it (how many
/// suggestions would move, which would not and why), then migrate — synchronously, chunk after chunk, each migrated
/// suggestion audited on its timeline.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ProcessEngine engine, MigrationRunner runner, MigrationBatchJob batches, AppDbContext db, CurrentActor current) : PageModel
{
    public sealed record MappingRow(MigrationActivity Source, string? Target);

    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    /// <summary>A background run to show the progress of.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Batch { get; set; }

    public MigrationBatch? BatchRow { get; private set; }

    [BindProperty]
    public Dictionary<string, string> Mapping { get; set; } = [];

    [BindProperty]
    public bool RecomputeDueDates { get; set; }

    public IReadOnlyList<DefinitionView> Definitions { get; private set; } = [];

    public IReadOnlyList<MappingRow> Rows { get; private set; } = [];

    public IReadOnlyList<MigrationActivity> TargetActivities { get; private set; } = [];

    public MigrationDryRun? DryRun { get; private set; }

    public MigrationResult? Result { get; private set; }

    public string? Error { get; private set; }

    public int ChunkSize => runner.Options.ChunkSize;

    public int MaxInstances => runner.Options.MaxInstancesPerRun;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Batch is { } id)
        {
            BatchRow = await db.Set<MigrationBatch>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
            (Source, Target) = BatchRow is null ? (Source, Target) : (BatchRow.SourceDefinitionId, BatchRow.TargetDefinitionId);
        }
        await LoadAsync(null, cancellationToken);
    }

    /// <summary>Runs the migration as a Hangfire job; the page then shows its progress from the batch row.</summary>
    public async Task<IActionResult> OnPostBackgroundAsync(CancellationToken cancellationToken)
    {
        long? started = null;
        await GuardAsync(async plan => started = await batches.StartAsync(plan, current.UserName, cancellationToken), cancellationToken);
        if (started is { } id)
        {
            return RedirectToPage(new { batch = id });
        }
        await LoadAsync(Mapping, cancellationToken);
        return Page();
    }

    public async Task OnPostDryRunAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(Mapping, cancellationToken);
        await GuardAsync(async plan => DryRun = await runner.DryRunAsync(plan, cancellationToken), cancellationToken);
    }

    public async Task OnPostExecuteAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(Mapping, cancellationToken);
        await GuardAsync(async plan => Result = await runner.ExecuteAsync(plan, current.UserName, cancellationToken), cancellationToken);
    }

    private async Task GuardAsync(Func<MigrationPlan, Task> action, CancellationToken cancellationToken)
    {
        if (Source is null || Target is null)
        {
            Error = "请选择源版本和目标版本。";
            return;
        }
        try
        {
            await action(await runner.PlanAsync(Source, Target, Mapping, RecomputeDueDates, cancellationToken));
        }
        catch (EngineException e)
        {
            Error = $"迁移方案不可用（{e.Code}{(e.ElementId is null ? "" : $"，环节 {e.ElementId}")}）：{e.Message}";
        }
    }

    private async Task LoadAsync(IReadOnlyDictionary<string, string>? posted, CancellationToken cancellationToken)
    {
        Definitions = await engine.GetDefinitionsAsync(cancellationToken: cancellationToken);
        if (Source is null || Target is null || Source == Target
            || Definitions.FirstOrDefault(d => d.Id == Source) is not { } source || Definitions.FirstOrDefault(d => d.Id == Target) is not { } target
            || source.Key != target.Key)
        {
            return;
        }
        Key = source.Key;
        var proposed = (await engine.ProposeMigrationAsync(Source, Target, cancellationToken)).ActivityMapping;
        TargetActivities = await engine.GetMigrationActivitiesAsync(Target, cancellationToken);
        Rows = [.. (await engine.GetMigrationActivitiesAsync(Source, cancellationToken))
            .Select(a => new MappingRow(a, posted is null ? proposed.GetValueOrDefault(a.Id) : posted.GetValueOrDefault(a.Id)))];
    }
}
